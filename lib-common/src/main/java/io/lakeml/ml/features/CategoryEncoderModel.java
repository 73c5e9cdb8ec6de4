package io.lakeml.ml.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link CategoryEncoder}: per encoded column and value, the frequency and the out-of-fold
 * target encoding of each fold, saved as JSON in the stage's params so the pipeline saves and loads
 * with Spark's own reader.
 */
public final class CategoryEncoderModel extends Model<CategoryEncoderModel>
    implements DefaultParamsWritable {
  /** The join key of a null value. */
  static final String NULL_KEY = "\u0000null";

  private static final String FOLD = "_encoder_fold";

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam foldCols;
  private final Param<String> labelCol;
  private final IntParam folds;
  private final Param<String> encodings;

  /** A model with {@code uid}; used by the reader of saved pipelines. */
  public CategoryEncoderModel(String uid) {
    this.uid = uid;
    CategoryEncoder twin = new CategoryEncoder(uid);
    inputCols = new StringArrayParam(this, "inputCols", twin.inputCols().doc());
    foldCols = new StringArrayParam(this, "foldCols", twin.foldCols().doc());
    labelCol = new Param<>(this, "labelCol", twin.labelCol().doc());
    folds = new IntParam(this, "folds", twin.folds().doc());
    encodings = new Param<>(this, "encodings", "JSON: per column and value, the encodings");
  }

  CategoryEncoderModel(String uid, String encodingsJson) {
    this(uid);
    set(encodings, encodingsJson);
  }

  /** The reader {@code PipelineModel.load} finds by reflection. */
  public static MLReader<CategoryEncoderModel> read() {
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

  public Param<String> encodings() {
    return encodings;
  }

  /** A row's fold: a hash of its feature values. */
  static Column fold(String[] columns, int folds) {
    Column[] hashed = Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new);
    return pmod(xxhash64(hashed), lit((long) folds)).cast(DataTypes.IntegerType);
  }

  /** The encodings JSON from (value -> per fold: rows, label sum) counts of each column. */
  static String encodings(
      Map<String, Map<String, double[]>> stats, int k, double m, double prior, long total) {
    Map<String, Object> columns = new LinkedHashMap<>();
    stats.forEach(
        (column, values) -> {
          Map<String, double[]> encoded = new LinkedHashMap<>();
          values.forEach(
              (value, cell) -> {
                double rows = 0;
                double labels = 0;
                for (int f = 0; f < k; f++) {
                  rows += cell[2 * f];
                  labels += cell[2 * f + 1];
                }
                double[] entry = new double[k + 1];
                entry[0] = total == 0 ? 0 : rows / total;
                for (int f = 0; f < k; f++) {
                  double outRows = rows - cell[2 * f];
                  double outLabels = labels - cell[2 * f + 1];
                  entry[f + 1] = (outLabels + m * prior) / (outRows + m);
                }
                encoded.put(value, entry);
              });
          columns.put(column, encoded);
        });
    try {
      return JSON.writeValueAsString(Map.of("prior", prior, "columns", columns));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the category encodings", e);
    }
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Map<String, Object> parsed = parsed();
    double prior = ((Number) parsed.get("prior")).doubleValue();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, List<Number>>> columns =
        (Map<String, Map<String, List<Number>>>) parsed.get("columns");
    int k = (Integer) getOrDefault(folds);
    Dataset<Row> rows = dataset.toDF().withColumn(FOLD, fold($(foldCols), k));
    StructType schema =
        new StructType()
            .add("_key", DataTypes.StringType)
            .add("_key_fold", DataTypes.IntegerType)
            .add("_frequency", DataTypes.DoubleType)
            .add("_target", DataTypes.DoubleType);
    for (String input : $(inputCols)) {
      List<Row> table = new ArrayList<>();
      columns
          .getOrDefault(input, Map.of())
          .forEach(
              (value, entry) -> {
                for (int f = 0; f < k; f++) {
                  table.add(
                      RowFactory.create(
                          value, f, entry.get(0).doubleValue(), entry.get(f + 1).doubleValue()));
                }
              });
      Dataset<Row> lookup = dataset.sparkSession().createDataFrame(table, schema);
      rows =
          rows.join(
                  broadcast(lookup),
                  CategoryEncoder.key(input)
                      .equalTo(lookup.col("_key"))
                      .and(rows.col(FOLD).equalTo(lookup.col("_key_fold"))),
                  "left")
              .withColumn(input + "_frequency", coalesce(col("_frequency"), lit(0.0)))
              .withColumn(input + "_target", coalesce(col("_target"), lit(prior)))
              .drop("_key", "_key_fold", "_frequency", "_target");
    }
    return rows.drop(FOLD);
  }

  private Map<String, Object> parsed() {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.readValue($(encodings), Map.class);
      return parsed;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read the category encodings of " + uid, e);
    }
  }

  /** {@code schema} plus a frequency and a target column per input column. */
  static StructType outputSchema(StructType schema, String[] inputs) {
    StructType result = schema;
    for (String input : inputs) {
      schema.apply(input);
      result =
          result
              .add(input + "_frequency", DataTypes.DoubleType, false)
              .add(input + "_target", DataTypes.DoubleType, false);
    }
    return result;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, $(inputCols));
  }

  @Override
  public CategoryEncoderModel copy(ParamMap extra) {
    return copyValues(new CategoryEncoderModel(uid), extra).setParent(parent());
  }

  @Override
  public String uid() {
    return uid;
  }
}
