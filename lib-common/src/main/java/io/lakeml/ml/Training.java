package io.lakeml.ml;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lakeml.ml.automl.Trial;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.FeatureStages;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Estimators configured for a model's feature vector, and the metrics of their predictions. The
 * feature stages (see {@link FeatureStages}) and the estimator form one saved {@code
 * PipelineModel}, so scoring applies exactly the training transforms.
 */
public final class Training {
  /** The label column inside the pipeline, always a double. */
  public static final String LABEL = "_label";

  /** The class weight column, when class weights are on. */
  public static final String WEIGHT = "_weight";

  /** The predicted class as the label's original value (multiclass). */
  public static final String PREDICTED_LABEL = "predicted_label";

  private static final int DEFAULT_MAX_BINS = 32;
  private static final int THRESHOLD_BINS = 200;
  private static final Pattern SLOT = Pattern.compile("f?([0-9]+)");

  private Training() {}

  /**
   * The columns a model reads from {@code table} with the label as {@link #LABEL}, a double, rows
   * without a label left out. A multiclass label (strings or numbers) is indexed in the order of
   * its values as text, and {@link #LABEL} carries the values as its ML attribute (see {@link
   * #classes}).
   */
  public static Dataset<Row> prepare(
      Dataset<Row> table, List<String> columns, String label, Task task) {
    List<Column> selected = new ArrayList<>();
    columns.forEach(column -> selected.add(col(column)));
    if (task != Task.MULTICLASS_CLASSIFICATION) {
      selected.add(col(label).cast(DataTypes.DoubleType).as(LABEL));
      return table.select(selected.toArray(Column[]::new)).where(col(LABEL).isNotNull());
    }
    Dataset<Row> labelled = table.where(col(label).isNotNull());
    StringIndexerModel indexer =
        new StringIndexer()
            .setInputCol(label)
            .setOutputCol(LABEL)
            .setStringOrderType("alphabetAsc")
            .fit(labelled);
    selected.add(col(LABEL));
    return indexer.transform(labelled).select(selected.toArray(Column[]::new));
  }

  /** The classes of a multiclass {@link #LABEL} in {@code schema}, by index. */
  public static List<String> classes(StructType schema) {
    Attribute attribute = Attribute.fromStructField(schema.apply(LABEL));
    if (!(attribute instanceof NominalAttribute nominal) || nominal.values().isEmpty()) {
      throw new IllegalArgumentException("Cannot name the classes: " + LABEL + " is not indexed");
    }
    return List.of(nominal.values().get());
  }

  /**
   * {@code rows} with {@link #WEIGHT}: each class weighted by rows / (classes × its rows), so every
   * class weighs as much in all. Counts one row per class on the driver.
   */
  public static Dataset<Row> weighted(Dataset<Row> rows) {
    List<Row> counts = rows.groupBy(col(LABEL)).count().collectAsList();
    long total = counts.stream().mapToLong(row -> row.getLong(1)).sum();
    Column weight = lit(1.0);
    for (Row count : counts) {
      double classWeight = (double) total / (counts.size() * count.getLong(1));
      weight = when(col(LABEL).equalTo(count.getDouble(0)), lit(classWeight)).otherwise(weight);
    }
    return rows.withColumn(WEIGHT, weight);
  }

  /**
   * The estimator of {@code trial} reading {@code features}: seeded, trees with a bin per category,
   * XGBoost with NaN as missing, categorical slots typed, and one thread per Spark task (XGBoost
   * names its params in snake_case: {@code max_depth}, {@code eta}, {@code numRound}).
   */
  public static Predictor<?, ?, ?> estimator(
      Trial trial,
      ModelSpec spec,
      FeatureStages.Built features,
      long maxCategories,
      boolean weighted,
      int workers) {
    Algorithm algorithm = trial.algorithm();
    Predictor<?, ?, ?> estimator = algorithm.estimator(spec.task());
    estimator.set(estimator.featuresCol(), features.vector());
    estimator.set(estimator.labelCol(), LABEL);
    if (estimator.hasParam("seed")) {
      estimator.set(estimator.getParam("seed"), spec.seed());
    }
    if (weighted && estimator.hasParam("weightCol")) {
      estimator.set(estimator.getParam("weightCol"), WEIGHT);
    }
    if (algorithm == Algorithm.XGBOOST) {
      QuietXGBoost.quiet((XGBoostEstimator<?, ?>) estimator);
      if (spec.task().classifies()) {
        estimator.set(
            estimator.getParam("objective"),
            spec.task() == Task.BINARY_CLASSIFICATION ? "binary:logistic" : "multi:softprob");
      }
      estimator.set(estimator.getParam("missing"), Float.NaN);
      estimator.set(estimator.getParam("nthread"), 1);
      estimator.set(estimator.getParam("numWorkers"), workers);
      estimator.set(
          estimator.getParam("feature_types"),
          features.categoricalSlots().stream().map(c -> c ? "c" : "q").toArray(String[]::new));
    } else if (estimator.hasParam("maxBins")) {
      // A bin per category, plus one for unseen values, unless the params say otherwise.
      estimator.set(
          estimator.getParam("maxBins"), (int) Math.max(DEFAULT_MAX_BINS, maxCategories + 2));
    }
    ModelSpec.configure(estimator, trial.params());
    return estimator;
  }

  /**
   * A model's whole pipeline: the feature stages of {@code features} shaped for {@code trial}'s
   * algorithm, then its estimator.
   *
   * @param pipeline the unfitted pipeline
   * @param features the feature stages and what the vector holds
   */
  public record Plan(Pipeline pipeline, FeatureStages.Built features) {}

  /**
   * The pipeline of {@code trial} over {@code features} of rows of {@code schema}; a multiclass
   * pipeline ends by naming the predicted class ({@link #PREDICTED_LABEL}).
   */
  public static Plan pipeline(
      ModelSpec spec,
      Trial trial,
      StructType schema,
      List<ColumnProfile> features,
      long maxCategories,
      int workers) {
    FeatureStages.Built built =
        FeatureStages.build(
            schema,
            features,
            spec.features().crosses(),
            Set.copyOf(spec.features().optional()),
            LABEL,
            FeatureStages.shape(trial.algorithm()));
    List<PipelineStage> stages = new ArrayList<>(built.stages());
    stages.add(estimator(trial, spec, built, maxCategories, spec.automl().classWeights(), workers));
    if (spec.task() == Task.MULTICLASS_CLASSIFICATION) {
      stages.add(
          new IndexToString()
              .setInputCol("prediction")
              .setOutputCol(PREDICTED_LABEL)
              .setLabels(classes(schema).toArray(String[]::new)));
    }
    return new Plan(new Pipeline().setStages(stages.toArray(PipelineStage[]::new)), built);
  }

  /**
   * Metrics of {@code predictions} (a fitted pipeline's output on rows holding {@link #LABEL}),
   * computed from one pass of the pipeline: uncached predictions are cached while the evaluators
   * read them.
   */
  public static Map<String, Double> evaluate(Dataset<Row> predictions, Task task) {
    if (!predictions.storageLevel().equals(StorageLevel.NONE())) {
      return metrics(predictions, task);
    }
    Dataset<Row> cached = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return metrics(cached, task);
    } finally {
      cached.unpersist();
    }
  }

  private static Map<String, Double> metrics(Dataset<Row> predictions, Task task) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (task == Task.BINARY_CLASSIFICATION) {
      var binary =
          new BinaryClassificationEvaluator().setLabelCol(LABEL).setNumBins(0); // exact, not binned
      metrics.put("auc_roc", binary.setMetricName("areaUnderROC").evaluate(predictions));
      metrics.put("auc_pr", binary.setMetricName("areaUnderPR").evaluate(predictions));
      var multi = new MulticlassClassificationEvaluator().setLabelCol(LABEL);
      metrics.put("log_loss", multi.setMetricName("logLoss").evaluate(predictions));
      metrics.put("accuracy", multi.setMetricName("accuracy").evaluate(predictions));
      metrics.put(
          "f1", multi.setMetricName("fMeasureByLabel").setMetricLabel(1.0).evaluate(predictions));
    } else if (task == Task.MULTICLASS_CLASSIFICATION) {
      var multi = new MulticlassClassificationEvaluator().setLabelCol(LABEL);
      metrics.put("log_loss", multi.setMetricName("logLoss").evaluate(predictions));
      metrics.put("accuracy", multi.setMetricName("accuracy").evaluate(predictions));
      metrics.put("f1", multi.setMetricName("f1").evaluate(predictions)); // weighted by class
    } else {
      var regression = new RegressionEvaluator().setLabelCol(LABEL);
      metrics.put("rmse", regression.setMetricName("rmse").evaluate(predictions));
      metrics.put("mae", regression.setMetricName("mae").evaluate(predictions));
      metrics.put("r2", regression.setMetricName("r2").evaluate(predictions));
    }
    return metrics;
  }

  /** The probability threshold with the best F1 on {@code predictions} (binary classification). */
  public static double bestThreshold(Dataset<Row> predictions) {
    var scored =
        predictions
            .select(vector_to_array(col("probability"), "float64").getItem(1).as("p"), col(LABEL))
            .toJavaRDD()
            .map(row -> new Tuple2<Object, Object>(row.getDouble(0), row.getDouble(1)));
    BinaryClassificationMetrics metrics =
        new BinaryClassificationMetrics(scored.rdd(), THRESHOLD_BINS);
    List<Tuple2<Object, Object>> f1 = metrics.fMeasureByThreshold().toJavaRDD().collect();
    metrics.unpersist();
    return f1.stream()
        .max((a, b) -> Double.compare((Double) a._2(), (Double) b._2()))
        .map(best -> (Double) best._1())
        .orElse(0.5);
  }

  /**
   * The fitted estimator of a model's pipeline: the last stage but a closing {@code IndexToString}.
   */
  public static Model<?> predictor(PipelineModel model) {
    Transformer[] stages = model.stages();
    Transformer last = stages[stages.length - 1];
    Transformer predictor = last instanceof IndexToString ? stages[stages.length - 2] : last;
    return predictor instanceof XGBoostStage stage ? stage.delegate() : (Model<?>) predictor;
  }

  /**
   * Importance of each named slot, summing to 1, when the fitted estimator has importances (trees:
   * MLlib's impurity importances; XGBoost: total gain).
   */
  public static Map<String, Double> importances(Model<?> model, List<String> slots) {
    Map<String, Double> importances = new LinkedHashMap<>();
    if (slots.isEmpty()) {
      return importances;
    }
    double[] values = new double[slots.size()];
    if (model instanceof XGBoostModel xgboost) {
      try {
        xgboost
            .nativeBooster()
            .booster()
            .getScore((String) null, "total_gain")
            .forEach(
                (slot, gain) -> {
                  // "f11", or "11:{0,1,3}" for a split on categories of slot 11.
                  Matcher index = SLOT.matcher(slot);
                  if (index.lookingAt() && Integer.parseInt(index.group(1)) < values.length) {
                    values[Integer.parseInt(index.group(1))] += gain;
                  }
                });
      } catch (XGBoostError e) {
        return importances;
      }
    } else {
      Vector vector = treeImportances(model);
      if (vector == null) {
        return importances;
      }
      for (int index = 0; index < Math.min(values.length, vector.size()); index++) {
        values[index] = vector.apply(index);
      }
    }
    double total = Arrays.stream(values).sum();
    for (int index = 0; index < values.length; index++) {
      importances.put(slots.get(index), total == 0 ? 0 : values[index] / total);
    }
    return importances;
  }

  private static Vector treeImportances(Model<?> model) {
    if (model instanceof RandomForestClassificationModel forest) {
      return forest.featureImportances();
    } else if (model instanceof RandomForestRegressionModel forest) {
      return forest.featureImportances();
    } else if (model instanceof GBTClassificationModel boosted) {
      return boosted.featureImportances();
    } else if (model instanceof GBTRegressionModel boosted) {
      return boosted.featureImportances();
    }
    return null;
  }
}
