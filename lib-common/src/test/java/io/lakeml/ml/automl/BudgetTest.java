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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The budget is set from what one trial costs on this machine now (a training of one trial:
 * profiling, checks, the trial, the refit, the writes), so the test holds on a busy machine too.
 * Tagged "timing": Maven runs it alone, after the other tests, so that no other test JVM changes
 * the machine's load between that calibration and the measured search.
 */
@Tag("timing")
class BudgetTest {
  @Test
  void aSearchOfManyTrialsStopsLaunchingThemWithinTheBudget() {
    Lake lake = TestLakes.fresh("budget");
    TableId gold = TestLakes.uniqueTable(Layer.GOLD, "orders");
    lake.overwrite(gold, Orders.rows(1000, 2), List.of(), new Lineage(Map.of(), "orders"));
    // The first training in a JVM also pays for class loading and code generation: time the second.
    seconds(lake, spec(gold, "warm", 1, Duration.ofMinutes(10)));
    double oneTrial = seconds(lake, spec(gold, "one", 1, Duration.ofMinutes(10)));
    Duration budget = Duration.ofMillis(Math.round(1.5 * oneTrial * 1000));

    ModelSpec many = spec(gold, "many", 12, budget);
    TrainingResult result =
        ModelTrainer.train(lake, many, lake.snapshot(gold, "curate"), 1, "test", "run-2");

    assertThat(result.skippedTrials()).isPositive();
    assertThat(result.leaderboard()).isNotEmpty();
    assertThat(result.leaderboard().size() + result.skippedTrials()).isEqualTo(12);
    assertThat(result.seconds())
        .as(
            "training of %s budget after one trial's %.1f s: %s",
            budget, oneTrial, result.leaderboard())
        .isLessThanOrEqualTo(budget.toMillis() / 1000.0 * 1.1);
  }

  private static double seconds(Lake lake, ModelSpec spec) {
    long start = System.nanoTime();
    ModelTrainer.train(lake, spec, lake.snapshot(spec.table(), "curate"), 1, "test", "run-1");
    return (System.nanoTime() - start) / 1e9;
  }

  /** Logistic regressions of similar cost: their grid has 12 points. */
  private static ModelSpec spec(TableId gold, String name, int trials, Duration budget) {
    return new ModelSpec(
        name,
        gold,
        Task.BINARY_CLASSIFICATION,
        "late",
        FeatureSpec.of(List.of("distance"), List.of("city")),
        Optional.empty(),
        Map.of(),
        SplitSpec.random(0.2, 3),
        Learnable.automl(
            Task.BINARY_CLASSIFICATION, List.of(Algorithm.LOGISTIC_REGRESSION), trials, budget),
        gold,
        new TableId(Layer.GOLD, name + "_predictions"),
        0.001,
        "hash-" + name);
  }
}
