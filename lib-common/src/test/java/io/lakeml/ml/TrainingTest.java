package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
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
      names = {"LOGISTIC_REGRESSION", "RANDOM_FOREST", "GBT"})
  void binaryClassifiersLearnAndReportTheirMetrics(Algorithm algorithm) {
    PipelineModel model = fitted(Task.BINARY_CLASSIFICATION, algorithm);

    Map<String, Double> metrics =
        Training.evaluate(
            model.transform(
                Training.prepare(BINARY_TEST, spec(Task.BINARY_CLASSIFICATION, algorithm))),
            Task.BINARY_CLASSIFICATION);

    assertThat(metrics.keySet()).containsExactly("auc_roc", "auc_pr", "accuracy", "f1");
    assertThat(metrics.values()).allSatisfy(value -> assertThat(value).isBetween(0.0, 1.0));
    assertThat(metrics.get("auc_roc")).isGreaterThan(0.8);
    assertThat(metrics.get("auc_pr")).isGreaterThan(0.8);
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LINEAR_REGRESSION", "GBT"})
  void regressorsLearnAndReportTheirMetrics(Algorithm algorithm) {
    PipelineModel model = fitted(Task.REGRESSION, algorithm);

    Map<String, Double> metrics =
        Training.evaluate(
            model.transform(Training.prepare(REGRESSION_TEST, spec(Task.REGRESSION, algorithm))),
            Task.REGRESSION);

    assertThat(metrics.keySet()).containsExactly("rmse", "mae", "r2");
    assertThat(metrics.get("r2")).isGreaterThan(0.8);
    assertThat(metrics.get("mae")).isPositive().isLessThanOrEqualTo(metrics.get("rmse"));
    assertThat(metrics.get("rmse")).isLessThan(2.0);
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LOGISTIC_REGRESSION", "GBT"})
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
  void nullNumericFeaturesAreImputedWithTheTrainingMedian() {
    Dataset<Row> train =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(1.0, "a", 0),
                    RowFactory.create(2.0, "a", 0),
                    RowFactory.create(3.0, "b", 1),
                    RowFactory.create(4.0, "b", 1),
                    RowFactory.create(100.0, "a", 1),
                    RowFactory.create(null, "b", 0)),
                Learnable.BINARY);
    ModelSpec spec = spec(Task.BINARY_CLASSIFICATION, Algorithm.LOGISTIC_REGRESSION);

    PipelineModel model =
        Training.pipeline(spec, Training.maxCategories(train, spec))
            .fit(Training.prepare(train, spec));
    Row scored =
        model.transform(train.where("x IS NULL")).select("x_imputed", "prediction").first();

    assertThat(scored.getDouble(0)).isEqualTo(3.0);
    assertThat(scored.isNullAt(1)).isFalse();
  }

  @Test
  void maxCategoriesIsTheLargestDistinctCountOfAnyCategoricalFeature() {
    StructType schema =
        new StructType()
            .add("origin", DataTypes.StringType)
            .add("carrier", DataTypes.StringType)
            .add("label", DataTypes.IntegerType);
    Dataset<Row> rows =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create("SFO", "AA", 0),
                    RowFactory.create("LAX", "UA", 1),
                    RowFactory.create("SEA", "DL", 0),
                    RowFactory.create("SFO", "AA", 1),
                    RowFactory.create(null, "AS", 0),
                    RowFactory.create("SFO", "B6", 1)),
                schema);

    assertThat(Training.maxCategories(rows, features(List.of(), List.of("origin", "carrier"))))
        .isEqualTo(5);
    assertThat(Training.maxCategories(rows, features(List.of(), List.of("origin")))).isEqualTo(3);
  }

  @Test
  void maxCategoriesWithoutCategoricalFeaturesIsZero() {
    assertThat(Training.maxCategories(BINARY_TRAIN, features(List.of("x"), List.of()))).isZero();
  }

  @Test
  void treesGetEnoughBinsForFortyCategories() {
    Dataset<Row> rows = fortyCategories();
    ModelSpec spec =
        Learnable.spec(
            "delay",
            Task.BINARY_CLASSIFICATION,
            Algorithm.RANDOM_FOREST,
            Map.of("numTrees", "3", "maxDepth", "3"));
    long categories = Training.maxCategories(rows, spec);

    Pipeline pipeline = Training.pipeline(spec, categories);
    PipelineModel model = pipeline.fit(Training.prepare(rows, spec));

    assertThat(categories).isEqualTo(40);
    assertThat(((RandomForestClassifier) last(pipeline)).getMaxBins()).isEqualTo(41);
    assertThat(model.transform(rows).where("prediction IS NOT NULL").count()).isEqualTo(80);
  }

  @Test
  void treesWithTheDefaultBinsCannotFitFortyCategories() {
    Dataset<Row> rows = fortyCategories();
    ModelSpec spec =
        Learnable.spec(
            "delay",
            Task.BINARY_CLASSIFICATION,
            Algorithm.RANDOM_FOREST,
            Map.of("numTrees", "3", "maxDepth", "3"));

    assertThatThrownBy(() -> Training.pipeline(spec, 0).fit(Training.prepare(rows, spec)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBins (= 32)");
  }

  @Test
  void declaredMaxBinsWinsOverTheCategoryCount() {
    ModelSpec spec =
        Learnable.spec(
            "delay", Task.BINARY_CLASSIFICATION, Algorithm.RANDOM_FOREST, Map.of("maxBins", "64"));

    assertThat(((RandomForestClassifier) last(Training.pipeline(spec, 40))).getMaxBins())
        .isEqualTo(64);
  }

  @Test
  void linearModelsOneHotEncodeAndScaleButTreesDoNot() {
    List<Class<?>> linear =
        stageTypes(
            Training.pipeline(spec(Task.BINARY_CLASSIFICATION, Algorithm.LOGISTIC_REGRESSION), 3));
    List<Class<?>> tree =
        stageTypes(Training.pipeline(spec(Task.BINARY_CLASSIFICATION, Algorithm.GBT), 3));

    assertThat(linear).contains(OneHotEncoder.class, StandardScaler.class);
    assertThat(tree).doesNotContain(OneHotEncoder.class, StandardScaler.class);
  }

  @Test
  void prepareKeepsTheModelColumnsWithADoubleLabelAndDropsNullLabels() {
    Dataset<Row> rows =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(0.2, "a", 0, "AA1"),
                    RowFactory.create(0.7, "b", 1, "AA2"),
                    RowFactory.create(0.9, "c", null, "AA3")),
                Learnable.BINARY.add("flight_id", DataTypes.StringType));

    Dataset<Row> prepared =
        Training.prepare(rows, spec(Task.BINARY_CLASSIFICATION, Algorithm.LOGISTIC_REGRESSION));

    assertThat(prepared.columns()).containsExactly("x", "segment", Training.LABEL);
    assertThat(prepared.schema().apply(Training.LABEL).dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(prepared.select(Training.LABEL).as(Encoders.DOUBLE()).collectAsList())
        .containsExactlyInAnyOrder(0.0, 1.0);
  }

  @Test
  void binaryMetricsOfPerfectPredictionsAreOne() {
    Dataset<Row> perfect =
        TestSpark.session()
            .sql(
                "SELECT label AS "
                    + Training.LABEL
                    + ", label AS prediction, label AS rawPrediction"
                    + " FROM VALUES (0D), (1D), (1D), (0D) AS t(label)");

    Map<String, Double> metrics = Training.evaluate(perfect, Task.BINARY_CLASSIFICATION);

    assertThat(metrics.values())
        .allSatisfy(value -> assertThat(value).isCloseTo(1.0, within(1e-9)));
  }

  private static PipelineModel fitted(Task task, Algorithm algorithm) {
    return FITTED.computeIfAbsent(
        task + "/" + algorithm,
        key -> {
          ModelSpec spec = spec(task, algorithm);
          Dataset<Row> train =
              Training.prepare(task == Task.REGRESSION ? REGRESSION_TRAIN : BINARY_TRAIN, spec);
          return Training.pipeline(spec, Training.maxCategories(train, spec)).fit(train);
        });
  }

  /** A model with few iterations or trees, so it fits in a second or two. */
  private static ModelSpec spec(Task task, Algorithm algorithm) {
    Map<String, String> params =
        algorithm == Algorithm.RANDOM_FOREST
            ? Map.of("numTrees", "5", "maxDepth", "3")
            : Map.of("maxIter", "3");
    return Learnable.spec("delay", task, algorithm, params);
  }

  private static ModelSpec features(List<String> numeric, List<String> categorical) {
    ModelSpec base = spec(Task.BINARY_CLASSIFICATION, Algorithm.GBT);
    return new ModelSpec(
        base.name(),
        base.table(),
        base.task(),
        base.algorithm(),
        "label",
        numeric,
        categorical,
        base.params(),
        base.testFraction(),
        base.seed(),
        base.scoreTable(),
        base.predictions(),
        base.configHash());
  }

  /** 80 rows over 40 segments c00..c39, labelled by x as in {@link Learnable}. */
  private static Dataset<Row> fortyCategories() {
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < 80; index++) {
      double x = random.nextDouble();
      rows.add(RowFactory.create(x, String.format("c%02d", index % 40), x > 0.5 ? 1 : 0));
    }
    return TestSpark.session().createDataFrame(rows, Learnable.BINARY);
  }

  private static PipelineStage last(Pipeline pipeline) {
    PipelineStage[] stages = pipeline.getStages();
    return stages[stages.length - 1];
  }

  private static List<Class<?>> stageTypes(Pipeline pipeline) {
    return Arrays.stream(pipeline.getStages()).<Class<?>>map(Object::getClass).toList();
  }
}
