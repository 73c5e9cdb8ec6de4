package io.lakeml.ml.automl;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.ModelTrainer;
import io.lakeml.ml.TrainingResult;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.FeatureIssue;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.FeatureSpec;
import io.lakeml.pipeline.FeatureType;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.SplitSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.Orders;
import io.lakeml.testing.TestLakes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One AutoML training of automatic features over {@link Orders}; the tests read its result. */
class AutoMlTrainingTest {
  private static Lake lake;
  private static TableId gold;
  private static TrainingResult result;

  @BeforeAll
  static void trainOnce() {
    lake = TestLakes.fresh("automl");
    gold = TestLakes.uniqueTable(Layer.GOLD, "orders");
    lake.overwrite(gold, Orders.rows(600, 1), List.of(), new Lineage(Map.of(), "orders"));
    ModelSpec spec =
        new ModelSpec(
            "late",
            gold,
            Task.BINARY_CLASSIFICATION,
            "late",
            new FeatureSpec(
                true,
                List.of(),
                List.of(),
                Map.of(),
                List.of("express"),
                List.of(List.of("segment", "city")),
                10),
            Optional.empty(),
            Map.of(),
            SplitSpec.random(0.25, 7),
            Learnable.automl(
                Task.BINARY_CLASSIFICATION,
                List.of(Algorithm.LOGISTIC_REGRESSION, Algorithm.XGBOOST),
                3,
                Duration.ofMinutes(5)),
            gold,
            new TableId(Layer.GOLD, "late_predictions"),
            0.001,
            "hash-late");
    result = ModelTrainer.train(lake, spec, lake.snapshot(gold, "curate"), 1, "test", "run-1");
  }

  @Test
  void detectsTheFeatureTypesAndDropsTheLeakAndTheIdWithTheirReasons() {
    assertThat(result.features())
        .extracting(ColumnProfile::name, ColumnProfile::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("placed_at", FeatureType.TIMESTAMP),
            org.assertj.core.groups.Tuple.tuple("distance", FeatureType.NUMERIC),
            org.assertj.core.groups.Tuple.tuple("segment", FeatureType.CATEGORICAL),
            org.assertj.core.groups.Tuple.tuple("city", FeatureType.HIGH_CARDINALITY),
            org.assertj.core.groups.Tuple.tuple("express", FeatureType.BOOLEAN));
    assertThat(result.issues())
        .extracting(FeatureIssue::column, FeatureIssue::check, FeatureIssue::dropped)
        .contains(
            org.assertj.core.groups.Tuple.tuple("ticket", "id", true),
            org.assertj.core.groups.Tuple.tuple("minutes_late", "leak", true));
    assertThat(result.version().featuresDropped()).containsKeys("ticket", "minutes_late");
    assertThat(result.version().features())
        .containsExactly("placed_at", "distance", "segment", "city", "express");
  }

  @Test
  void theChampionIsEvaluatedOnceOnTheTestRowsWithEveryMetric() {
    assertThat(result.metrics())
        .containsOnlyKeys("auc_roc", "auc_pr", "log_loss", "accuracy", "f1", "threshold");
    assertThat(result.metrics().get("auc_roc")).isGreaterThan(0.75);
    assertThat(result.metrics().get("threshold")).isBetween(0.0, 1.0);
    assertThat(result.testPredictions().count()).isEqualTo(result.version().testRows());
    // The saved classifier predicts with the chosen threshold.
    assertThat(
            result
                .testPredictions()
                .where(
                    vector_to_array(col("probability"), "float64")
                        .getItem(1)
                        .gt(result.metrics().get("threshold"))
                        .notEqual(col("prediction").equalTo(1.0)))
                .count())
        .isZero();
    assertThat(result.version().trainRows() + result.version().testRows()).isEqualTo(600);
    assertThat(result.version().algorithm())
        .isEqualTo(result.leaderboard().get(0).trial().algorithm().toString());
  }

  @Test
  void theLeaderboardHoldsEveryTrialRankedAndARewriteReplacesIt() {
    List<Row> rows = Leaderboard.read(lake, "late", 1);

    assertThat(rows).hasSize(3);
    assertThat(rows).extracting(row -> row.<Integer>getAs("rank")).containsExactly(1, 2, 3);
    assertThat(rows)
        .extracting(row -> row.<String>getAs("candidate"))
        .containsExactlyInAnyOrder("logistic-regression", "xgboost", "logistic-regression");
    assertThat(rows)
        .allSatisfy(row -> assertThat(row.<String>getAs("metric")).isEqualTo("auc_roc"));
    assertThat(rows).allSatisfy(row -> assertThat(row.<String>getAs("run_id")).isEqualTo("run-1"));
    assertThat(rows.get(0).<String>getAs("params")).startsWith("{\"");
    assertThat(rows.get(0).<Double>getAs("score"))
        .isGreaterThanOrEqualTo(rows.get(2).<Double>getAs("score"));

    Leaderboard.write(lake, "late", 1, "run-2", result.leaderboard());

    assertThat(Leaderboard.read(lake, "late", 1))
        .hasSize(3)
        .allSatisfy(row -> assertThat(row.<String>getAs("run_id")).isEqualTo("run-2"));
  }

  @Test
  void theSavedModelScoresUnseenCategoriesAndAMissingOptionalColumn() {
    PipelineModel loaded = PipelineModel.load(result.version().pipelineLocation());
    Dataset<Row> fresh =
        Orders.rows(20, 99)
            .drop("express", "late")
            .selectExpr("*")
            .withColumn("city", org.apache.spark.sql.functions.lit("atlantis"))
            .withColumn("segment", org.apache.spark.sql.functions.lit("government"));

    List<Row> scored = loaded.transform(fresh).select("prediction", "probability").collectAsList();

    assertThat(scored).hasSize(20).allSatisfy(row -> assertThat(row.anyNull()).isFalse());
  }

  @Test
  void aMissingRequiredColumnIsAClearError() {
    PipelineModel loaded = PipelineModel.load(result.version().pipelineLocation());
    Dataset<Row> withoutDistance = Orders.rows(5, 98).drop("distance");

    assertThatThrownBy(() -> loaded.transform(withoutDistance))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("the data has no column [distance], which the model requires")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
  }

  @Test
  void importancesNameTheVectorSlotsOfTreeChampions() {
    if (result.version().algorithm().equals("xgboost")) {
      assertThat(result.importances()).containsKey("distance");
      assertThat(result.importances().values().stream().mapToDouble(Double::doubleValue).sum())
          .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    } else {
      assertThat(result.importances()).isEmpty();
    }
  }
}
