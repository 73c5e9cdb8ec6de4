package io.lakeml.ml.features;

import static org.apache.spark.sql.functions.lit;

import io.lakeml.errors.LakeErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage of every model: fails with a {@link io.lakeml.errors.LakeException} naming the
 * required columns the data lacks, and adds absent optional columns as typed nulls, which the later
 * stages impute like any missing value.
 */
public final class ColumnGuard extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final StringArrayParam required;
  private final Param<String> optional;

  /** A guard with a random uid. */
  public ColumnGuard() {
    this(Identifiable$.MODULE$.randomUID("columnGuard"));
  }

  /** A guard with {@code uid}; used by the reader of saved pipelines. */
  public ColumnGuard(String uid) {
    this.uid = uid;
    this.required = new StringArrayParam(this, "required", "columns the data must have");
    this.optional =
        new Param<>(
            this, "optional", "DDL schema of the columns that may be absent (read as null)");
    setDefault(required, new String[0]);
    setDefault(optional, "");
  }

  /** The reader {@code PipelineModel.load} finds by reflection. */
  public static MLReader<ColumnGuard> read() {
    return new DefaultParamsReader<>();
  }

  /** The required columns param. */
  public StringArrayParam required() {
    return required;
  }

  /** The optional columns param (a DDL schema). */
  public Param<String> optional() {
    return optional;
  }

  /** Columns the data must have. */
  public ColumnGuard setRequired(List<String> columns) {
    set(required, columns.toArray(String[]::new));
    return this;
  }

  /** Columns that may be absent, with the type they get as nulls. */
  public ColumnGuard setOptional(StructType columns) {
    set(optional, columns.toDDL());
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> rows = dataset.toDF();
    List<String> present = Arrays.asList(rows.columns());
    for (StructField field : optionalColumns().fields()) {
      if (!present.contains(field.name())) {
        rows = rows.withColumn(field.name(), lit(null).cast(field.dataType()));
      }
    }
    return rows;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    List<String> present = Arrays.asList(schema.fieldNames());
    List<String> missing = new ArrayList<>();
    for (String column : $(required)) {
      if (!present.contains(column)) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw LakeErrors.scoringColumnsMissing(missing, present);
    }
    StructType result = schema;
    for (StructField field : optionalColumns().fields()) {
      if (!present.contains(field.name())) {
        result = result.add(field.name(), field.dataType(), true);
      }
    }
    return result;
  }

  private StructType optionalColumns() {
    String ddl = $(optional);
    return ddl.isEmpty() ? new StructType() : StructType.fromDDL(ddl);
  }

  @Override
  public ColumnGuard copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
