package io.lakeml.ml.features;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Rewrites a vector column as dense vectors. XGBoost reads the absent entries of a sparse vector as
 * missing values, so a real 0 (hour 0, category index 0) must be stored.
 */
public final class DenseVectors extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> column;

  /** A stage with a random uid. */
  public DenseVectors() {
    this(Identifiable$.MODULE$.randomUID("denseVectors"));
  }

  /** A stage with {@code uid}; used by the reader of saved pipelines. */
  public DenseVectors(String uid) {
    this.uid = uid;
    this.column = new Param<>(this, "column", "the vector column rewritten in place");
  }

  /** The reader {@code PipelineModel.load} finds by reflection. */
  public static MLReader<DenseVectors> read() {
    return new DefaultParamsReader<>();
  }

  /** The vector column param. */
  public Param<String> column() {
    return column;
  }

  /** The vector column rewritten in place. */
  public DenseVectors setColumn(String name) {
    set(column, name);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String name = $(column);
    return dataset
        .toDF()
        .withColumn(
            name,
            array_to_vector(vector_to_array(col(name), "float64"))
                .as(name, dataset.schema().apply(name).metadata()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!schema.apply($(column)).dataType().equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("Cannot densify " + $(column) + ": not a vector column");
    }
    return schema;
  }

  @Override
  public DenseVectors copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
