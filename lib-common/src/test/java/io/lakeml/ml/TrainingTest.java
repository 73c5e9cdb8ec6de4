package io.lakeml.ml;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestSpark;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainingTest {
  private static final Dataset<Row> BINARY_TRAIN = Learnable.binary(200, 1);
  private static final Dataset<Row> BINARY_TEST = Learnable.binary(100, 2);
  private static final Dataset<Row> REGRESSION_TRAIN = Learnable.regression(200, 3);
  private static final Dataset<Row> REGRESSION_TEST = Learnable.regression(100, 4);

  /** Fitted pipelines, by task and algorithm, shared by the tests that only read them. */
  private static final Map<String, PipelineModel> FITTED = new HashMap<>();

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LOGISTIC_REGRESSION", "RANDOM_FOREST", "GBT", "XGBOOST"})
  void binaryClassifiersLearnAndReportTheirMetrics(Algorithm algorithm) {
    PipelineModel model = fitted(Task.BINARY_CLASSIFICATION, algorithm);

    Map<String, Double> metrics =
        Training.evaluate(
            model.transform(prepared(BINARY_TEST, Task.BINARY_CLASSIFICATION)),
            Task.BINARY_CLASSIFICATION);

    assertThat(metrics.keySet()).containsExactly("auc_roc", "auc_pr", "log_loss", "accuracy", "f1");
    assertThat(metrics.get("auc_roc")).isGreaterThan(0.8);
    assertThat(metrics.get("auc_pr")).isGreaterThan(0.8);
    assertThat(metrics.get("f1")).isBetween(0.5, 1.0);
    assertThat(metrics.get("log_loss")).isPositive().isLessThan(0.7);
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LINEAR_REGRESSION", "GBT", "XGBOOST"})
  void regressorsLearnAndReportTheirMetrics(Algorithm algorithm) {
    PipelineModel model = fitted(Task.REGRESSION, algorithm);

    Map<String, Double> metrics =
        Training.evaluate(
            model.transform(prepared(REGRESSION_TEST, Task.REGRESSION)), Task.REGRESSION);

    assertThat(metrics.keySet()).containsExactly("rmse", "mae", "r2");
    assertThat(metrics.get("r2")).isGreaterThan(0.8);
    assertThat(metrics.get("mae")).isPositive().isLessThanOrEqualTo(metrics.get("rmse"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LOGISTIC_REGRESSION", "GBT", "XGBOOST"})
  void unseenAndNullCategoriesAtTransformTimeStillGetAPrediction(Algorithm algorithm) {
    PipelineModel model = fitted(Task.BINARY_CLASSIFICATION, algorithm);
    Dataset<Row> unseen =
        TestSpark.session()
            .createDataFrame(
                List.of(RowFactory.create(0.9, "never-seen", 1), RowFactory.create(0.1, null, 0)),
                Learnable.BINARY);

    List<Row> predictions = model.transform(unseen).select("prediction").collectAsList();

    assertThat(predictions).hasSize(2).allSatisfy(row -> assertThat(row.isNullAt(0)).isFalse());
  }

  @Test
  void linearModelsOneHotEncodeAndScaleButTreesDoNot() {
    List<Class<?>> linear =
        stageTypes(fitted(Task.BINARY_CLASSIFICATION, Algorithm.LOGISTIC_REGRESSION));
    List<Class<?>> tree = stageTypes(fitted(Task.BINARY_CLASSIFICATION, Algorithm.GBT));

    assertThat(linear).anyMatch(type -> type.getSimpleName().startsWith("OneHotEncoder"));
    assertThat(linear).anyMatch(type -> type.getSimpleName().startsWith("StandardScaler"));
    assertThat(tree).noneMatch(type -> type.getSimpleName().startsWith("OneHotEncoder"));
    assertThat(tree).noneMatch(type -> type.getSimpleName().startsWith("StandardScaler"));
  }

  @Test
  void xgboostReadsNanAsMissingAndTypesCategoricalSlots() {
    ModelSpec spec = spec(Task.BINARY_CLASSIFICATION, Algorithm.XGBOOST);
    var plan =
        Training.pipeline(
            spec,
            new io.lakeml.ml.automl.Trial(1, Algorithm.XGBOOST, spec.params()),
            prepared(BINARY_TRAIN, Task.BINARY_CLASSIFICATION).schema(),
            io.lakeml.ml.features.TypeDetection.detect(
                prepared(BINARY_TRAIN, Task.BINARY_CLASSIFICATION),
                List.of("x", "segment"),
                spec.features().types(),
                64,
                0.9),
            3,
            2);
    XGBoostClassifier xgboost =
        (XGBoostClassifier) plan.pipeline().getStages()[plan.pipeline().getStages().length - 1];

    assertThat(Float.isNaN(xgboost.getMissing())).isTrue();
    assertThat(xgboost.getNthread()).isEqualTo(1);
    assertThat(xgboost.getFeatureTypes()).containsExactly("q", "c");
    assertThat(plan.features().slots()).containsExactly("x", "segment");
  }

  @Test
  void anXgboostPipelineSavesAndLoads(@TempDir Path dir) throws Exception {
    PipelineModel model =
        XGBoostStage.savable(fitted(Task.BINARY_CLASSIFICATION, Algorithm.XGBOOST));
    String location = dir.resolve("xgboost").toUri().toString();

    model.write().overwrite().save(location);
    PipelineModel loaded = PipelineModel.load(location);

    assertThat(loaded.stages()[loaded.stages().length - 1]).isInstanceOf(XGBoostStage.class);
    assertThat(loaded.transform(BINARY_TEST).select("probability", "prediction").collectAsList())
        .isEqualTo(
            model.transform(BINARY_TEST).select("probability", "prediction").collectAsList());
  }

  @Test
  void binaryMetricsOfPerfectPredictionsAreOneAndTheBestThresholdSeparatesThem() {
    Dataset<Row> perfect =
        TestSpark.session()
            .sql(
                "SELECT label AS "
                    + Training.LABEL
                    + ", label AS prediction, array(1 - p, p) AS probabilities"
                    + " FROM VALUES (0D, 0.1D), (1D, 0.8D), (1D, 0.7D), (0D, 0.3D) AS t(label, p)")
            .withColumn("probability", array_to_vector(col("probabilities")))
            .withColumn("rawPrediction", col("probability"));

    Map<String, Double> metrics = Training.evaluate(perfect, Task.BINARY_CLASSIFICATION);

    assertThat(metrics.get("auc_roc")).isCloseTo(1.0, within(1e-9));
    assertThat(metrics.get("accuracy")).isCloseTo(1.0, within(1e-9));
    assertThat(metrics.get("f1")).isCloseTo(1.0, within(1e-9));
    assertThat(Training.bestThreshold(perfect)).isBetween(0.3, 0.7);
  }

  private static Dataset<Row> prepared(Dataset<Row> rows, Task task) {
    return Training.prepare(rows, List.of("x", "segment"), "label", task);
  }

  private static PipelineModel fitted(Task task, Algorithm algorithm) {
    return FITTED.computeIfAbsent(
        task + "/" + algorithm,
        key ->
            Learnable.fit(
                spec(task, algorithm), task == Task.REGRESSION ? REGRESSION_TRAIN : BINARY_TRAIN));
  }

  /** A model with few iterations or trees, so it fits in a second or two. */
  private static ModelSpec spec(Task task, Algorithm algorithm) {
    Map<String, String> params =
        switch (algorithm) {
          case RANDOM_FOREST -> Map.of("numTrees", "5", "maxDepth", "3");
          case XGBOOST -> Map.of("numRound", "20", "max_depth", "3");
          default -> Map.of("maxIter", "5");
        };
    return Learnable.spec("delay", task, algorithm, params);
  }

  private static List<Class<?>> stageTypes(PipelineModel model) {
    return java.util.Arrays.stream(model.stages()).<Class<?>>map(Object::getClass).toList();
  }
}
