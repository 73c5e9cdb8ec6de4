package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.automl.Trial;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.FeatureStages;
import io.lakeml.ml.features.TypeDetection;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Predictor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Class weights shift an imbalanced classifier towards its minority class (about 15% positives: x
 * plus noise above 0.85).
 */
class ClassWeightsTest {
  private static final Dataset<Row> TRAIN = Learnable.noisy(400, 51, 0.15, 0.85);
  private static final Dataset<Row> TEST = Learnable.noisy(400, 52, 0.15, 0.85);

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LOGISTIC_REGRESSION", "RANDOM_FOREST", "GBT", "XGBOOST"})
  void everyClassifierReadsTheWeightColumn(Algorithm algorithm) {
    ModelSpec spec = spec(algorithm, true);
    FeatureStages.Built built =
        FeatureStages.build(
            TRAIN.schema(),
            List.of(),
            List.of(),
            java.util.Set.of(),
            Training.LABEL,
            FeatureStages.shape(algorithm));

    Predictor<?, ?, ?> estimator =
        Training.estimator(new Trial(1, algorithm, Map.of()), spec, built, 4, true, 2);

    assertThat(estimator.getOrDefault(estimator.getParam("weightCol"))).isEqualTo(Training.WEIGHT);
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LOGISTIC_REGRESSION", "XGBOOST"})
  void weightsRaiseTheRecallOfTheMinorityClass(Algorithm algorithm) {
    double unweighted = minorityRecall(algorithm, false);
    double weighted = minorityRecall(algorithm, true);

    assertThat(weighted).isGreaterThan(unweighted + 0.1);
  }

  @ParameterizedTest
  @EnumSource(
      value = Task.class,
      names = {"BINARY_CLASSIFICATION", "MULTICLASS_CLASSIFICATION"})
  void eachClassWeighsAsMuchInAll(Task task) {
    Dataset<Row> rows =
        task == Task.BINARY_CLASSIFICATION
            ? TRAIN
            : Learnable.multiclass(300, 53).where(col("x").gt(0.5)); // 2 high : 1 mid
    Dataset<Row> weighted = Training.weighted(Training.prepare(rows, List.of("x"), "label", task));

    List<Row> totals = weighted.groupBy(col(Training.LABEL)).sum(Training.WEIGHT).collectAsList();

    assertThat(totals).hasSize(2);
    double expected = weighted.count() / 2.0;
    assertThat(totals)
        .allSatisfy(
            total ->
                assertThat(total.getDouble(1))
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6)));
  }

  private static double minorityRecall(Algorithm algorithm, boolean classWeights) {
    ModelSpec spec = spec(algorithm, classWeights);
    Dataset<Row> train =
        Training.prepare(TRAIN, List.of("x", "segment"), "label", Task.BINARY_CLASSIFICATION);
    if (classWeights) {
      train = Training.weighted(train);
    }
    List<ColumnProfile> profiles =
        TypeDetection.detect(train, List.of("x", "segment"), spec.features().types(), 64, 0.9);
    Trial trial = new Trial(1, algorithm, spec.params());
    var model =
        Training.pipeline(spec, trial, train.schema(), profiles, 64, 2).pipeline().fit(train);
    Dataset<Row> positives =
        model
            .transform(
                Training.prepare(
                    TEST, List.of("x", "segment"), "label", Task.BINARY_CLASSIFICATION))
            .where(col(Training.LABEL).equalTo(1.0));
    return (double) positives.where(col("prediction").equalTo(1.0)).count() / positives.count();
  }

  private static ModelSpec spec(Algorithm algorithm, boolean classWeights) {
    Map<String, String> params =
        algorithm == Algorithm.XGBOOST ? Map.of("numRound", "30", "max_depth", "3") : Map.of();
    ModelSpec declared =
        Learnable.spec(
            "imbalanced",
            new TableId(Layer.GOLD, "imbalanced"),
            Task.BINARY_CLASSIFICATION,
            algorithm,
            params);
    return new ModelSpec(
        declared.name(),
        declared.table(),
        declared.task(),
        declared.label(),
        declared.features(),
        declared.algorithm(),
        declared.params(),
        declared.split(),
        Learnable.automl(Task.BINARY_CLASSIFICATION, List.of(algorithm), 1, 0, 1, 0, classWeights),
        declared.scoreTable(),
        declared.predictions(),
        declared.minImprovement(),
        declared.declaration());
  }
}
