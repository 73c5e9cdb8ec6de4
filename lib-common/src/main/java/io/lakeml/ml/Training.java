package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Builds a model's MLlib {@link Pipeline} (feature stages + estimator) and evaluates it. The
 * feature stages are part of the saved model, so scoring applies exactly the training transforms.
 */
public final class Training {
  /** The label column inside the pipeline, always a double. */
  public static final String LABEL = "_label";

  private static final String FEATURES = "_features";
  private static final int DEFAULT_MAX_BINS = 32;

  private Training() {}

  /** The feature and label columns the model uses, the label cast to double, null labels out. */
  public static Dataset<Row> prepare(Dataset<Row> table, ModelSpec spec) {
    List<Column> columns = new ArrayList<>();
    spec.features().forEach(feature -> columns.add(col(feature)));
    columns.add(col(spec.label()).cast(DataTypes.DoubleType).as(LABEL));
    return table.select(columns.toArray(Column[]::new)).where(col(LABEL).isNotNull());
  }

  /**
   * The pipeline: numeric features imputed (median), categoricals indexed with unseen values kept
   * (one-hot and scaled for linear models), assembled, then the estimator with the declared params.
   * {@code categories} is the largest number of distinct values of a categorical feature.
   */
  public static Pipeline pipeline(ModelSpec spec, long categories) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    if (!spec.numericFeatures().isEmpty()) {
      String[] imputed = suffixed(spec.numericFeatures(), "_imputed");
      stages.add(
          new Imputer()
              .setStrategy("median")
              .setInputCols(spec.numericFeatures().toArray(String[]::new))
              .setOutputCols(imputed));
      assembled.addAll(Arrays.asList(imputed));
    }
    boolean linear = spec.algorithm().isLinear();
    if (!spec.categoricalFeatures().isEmpty()) {
      String[] indexed = suffixed(spec.categoricalFeatures(), "_index");
      stages.add(
          new StringIndexer()
              .setHandleInvalid("keep")
              .setInputCols(spec.categoricalFeatures().toArray(String[]::new))
              .setOutputCols(indexed));
      if (linear) {
        String[] encoded = suffixed(spec.categoricalFeatures(), "_onehot");
        stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(encoded));
        assembled.addAll(Arrays.asList(encoded));
      } else {
        assembled.addAll(Arrays.asList(indexed));
      }
    }
    String features = FEATURES;
    stages.add(
        new VectorAssembler()
            .setInputCols(assembled.toArray(String[]::new))
            .setOutputCol(features)
            .setHandleInvalid("keep"));
    if (linear) {
      stages.add(new StandardScaler().setInputCol(features).setOutputCol(features + "_scaled"));
      features = features + "_scaled";
    }
    stages.add(estimator(spec, features, categories));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /** The largest number of distinct values among the categorical features (one pass). */
  public static long maxCategories(Dataset<Row> train, ModelSpec spec) {
    if (spec.categoricalFeatures().isEmpty()) {
      return 0;
    }
    Column[] counts =
        spec.categoricalFeatures().stream().map(c -> countDistinct(col(c))).toArray(Column[]::new);
    Row row = train.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
    long max = 0;
    for (int index = 0; index < row.size(); index++) {
      max = Math.max(max, row.getLong(index));
    }
    return max;
  }

  private static PipelineStage estimator(ModelSpec spec, String features, long categories) {
    Predictor<?, ?, ?> estimator = spec.algorithm().estimator(spec.task());
    estimator.set(estimator.featuresCol(), features);
    estimator.set(estimator.labelCol(), LABEL);
    if (estimator.hasParam("seed")) {
      estimator.set(estimator.getParam("seed"), spec.seed());
    }
    // Trees need a bin per category (+1 for unseen values) unless the pipeline says otherwise.
    if (estimator.hasParam("maxBins") && !spec.params().containsKey("maxBins")) {
      estimator.set(
          estimator.getParam("maxBins"), (int) Math.max(DEFAULT_MAX_BINS, categories + 1));
    }
    ModelSpec.configure(estimator, spec.params());
    return estimator;
  }

  /** Held-out metrics of {@code predictions} (the pipeline's output on the test rows). */
  public static Map<String, Double> evaluate(Dataset<Row> predictions, Task task) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (task == Task.BINARY_CLASSIFICATION) {
      var binary = new BinaryClassificationEvaluator().setLabelCol(LABEL);
      metrics.put("auc_roc", binary.setMetricName("areaUnderROC").evaluate(predictions));
      metrics.put("auc_pr", binary.setMetricName("areaUnderPR").evaluate(predictions));
      var multi = new MulticlassClassificationEvaluator().setLabelCol(LABEL);
      metrics.put("accuracy", multi.setMetricName("accuracy").evaluate(predictions));
      metrics.put("f1", multi.setMetricName("f1").evaluate(predictions));
    } else {
      var regression = new RegressionEvaluator().setLabelCol(LABEL);
      metrics.put("rmse", regression.setMetricName("rmse").evaluate(predictions));
      metrics.put("mae", regression.setMetricName("mae").evaluate(predictions));
      metrics.put("r2", regression.setMetricName("r2").evaluate(predictions));
    }
    return metrics;
  }

  private static String[] suffixed(List<String> columns, String suffix) {
    return columns.stream().map(column -> column + suffix).toArray(String[]::new);
  }
}
