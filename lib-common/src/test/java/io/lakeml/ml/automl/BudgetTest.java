package io.lakeml.ml.automl;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.ModelTrainer;
import io.lakeml.ml.TrainingResult;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.FeatureSpec;
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
import org.junit.jupiter.api.Test;

class BudgetTest {
  private static final Duration BUDGET = Duration.ofSeconds(40);

  @Test
  void aSearchOfManyTrialsStopsLaunchingThemWithinTheBudget() {
    Lake lake = TestLakes.fresh("budget");
    TableId gold = TestLakes.uniqueTable(Layer.GOLD, "orders");
    lake.overwrite(gold, Orders.rows(1000, 2), List.of(), new Lineage(Map.of(), "orders"));
    ModelSpec spec =
        new ModelSpec(
            "late",
            gold,
            Task.BINARY_CLASSIFICATION,
            "late",
            FeatureSpec.of(List.of("distance"), List.of("city")),
            Optional.empty(),
            Map.of(),
            SplitSpec.random(0.2, 3),
            Learnable.automl(
                Task.BINARY_CLASSIFICATION,
                List.of(Algorithm.GBT, Algorithm.LOGISTIC_REGRESSION),
                60,
                BUDGET),
            gold,
            new TableId(Layer.GOLD, "late_predictions"),
            "hash-budget");

    long start = System.nanoTime();
    TrainingResult result =
        ModelTrainer.train(lake, spec, lake.snapshot(gold, "curate"), 1, "test", "run-1");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(result.skippedTrials()).isPositive();
    assertThat(result.leaderboard().size() + result.skippedTrials())
        .isEqualTo(SearchSpace.trials(spec.automl(), spec.seed()).size());
    assertThat(result.leaderboard()).isNotEmpty();
    assertThat(seconds).isLessThanOrEqualTo(BUDGET.toSeconds() * 1.1);
  }
}
