package io.lakeml.ml.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Encodes high-cardinality columns as numbers: {@code <c>_frequency}, the share of training rows
 * with the value, and {@code <c>_target}, the smoothed mean label of the value computed out of
 * fold. Each row falls in a fold by a hash of its feature values, and its target encoding comes
 * from the other folds' rows only, at training and at scoring alike: a training row never sees its
 * own label, and a saved model encodes new rows exactly as it encoded its training rows. Unseen
 * values get frequency 0 and the overall mean label.
 */
public final class CategoryEncoder extends Estimator<CategoryEncoderModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  final StringArrayParam inputCols;
  final StringArrayParam foldCols;
  final Param<String> labelCol;
  final IntParam folds;
  final DoubleParam smoothing;

  /** An encoder with a random uid. */
  public CategoryEncoder() {
    this(Identifiable$.MODULE$.randomUID("categoryEncoder"));
  }

  /** An encoder with {@code uid}; used by the reader of saved pipelines. */
  public CategoryEncoder(String uid) {
    this.uid = uid;
    inputCols = new StringArrayParam(this, "inputCols", "the columns encoded");
    foldCols = new StringArrayParam(this, "foldCols", "the columns whose hash picks a row's fold");
    labelCol = new Param<>(this, "labelCol", "the numeric label");
    folds = new IntParam(this, "folds", "out-of-fold folds (>= 2)", ParamValidators.gtEq(2));
    smoothing =
        new DoubleParam(
            this, "smoothing", "prior weight, in rows, of the mean label", ParamValidators.gtEq(0));
    setDefault(folds, 5);
    setDefault(smoothing, 20.0);
  }

  /** The reader {@code PipelineModel.load} finds by reflection. */
  public static MLReader<CategoryEncoder> read() {
    return new DefaultParamsReader<>();
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam foldCols() {
    return foldCols;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public IntParam folds() {
    return folds;
  }

  public DoubleParam smoothing() {
    return smoothing;
  }

  /** Sets the encoded columns, the columns hashed into folds and the label. */
  public CategoryEncoder setColumns(List<String> inputs, List<String> hashed, String label) {
    set(inputCols, inputs.toArray(String[]::new));
    set(foldCols, hashed.toArray(String[]::new));
    set(labelCol, label);
    return this;
  }

  @Override
  public CategoryEncoderModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    int k = (Integer) getOrDefault(folds);
    double m = (Double) getOrDefault(smoothing);
    Dataset<Row> rows = dataset.toDF();
    Row overall = rows.agg(avg(col($(labelCol))), count(lit(1))).first();
    double prior = overall.isNullAt(0) ? 0 : overall.getDouble(0);
    long total = overall.getLong(1);
    List<Column> values = new ArrayList<>();
    for (String input : $(inputCols)) {
      values.add(struct(lit(input).as("column"), key(input).as("key")));
    }
    // One pass for every column: (column, value, fold) -> rows, label sum.
    List<Row> counts =
        rows.select(
                explode(array(values.toArray(Column[]::new))).as("entry"),
                CategoryEncoderModel.fold($(foldCols), k).as("fold"),
                col($(labelCol)).cast(DataTypes.DoubleType).as("label"))
            .groupBy(col("entry.column"), col("entry.key"), col("fold"))
            .agg(count(lit(1)), sum("label"))
            .collectAsList();
    Map<String, Map<String, double[]>> stats = new LinkedHashMap<>();
    for (Row row : counts) {
      double[] cell =
          stats
              .computeIfAbsent(row.getString(0), c -> new LinkedHashMap<>())
              .computeIfAbsent(row.getString(1), v -> new double[2 * k]);
      cell[2 * row.getInt(2)] += row.getLong(3);
      cell[2 * row.getInt(2) + 1] += row.isNullAt(4) ? 0 : row.getDouble(4);
    }
    CategoryEncoderModel model =
        new CategoryEncoderModel(uid, CategoryEncoderModel.encodings(stats, k, m, prior, total));
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  /** A column's value as a join key; null is a value of its own. */
  static Column key(String input) {
    return coalesce(col(input).cast(DataTypes.StringType), lit(CategoryEncoderModel.NULL_KEY));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return CategoryEncoderModel.outputSchema(schema, $(inputCols));
  }

  @Override
  public CategoryEncoder copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
