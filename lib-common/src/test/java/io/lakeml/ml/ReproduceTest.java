package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.automl.Trial;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestLakes;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Refitting from the recorded table version and declaration gives the registered metrics. */
class ReproduceTest {
  @Test
  void gradientBoostedTreesRefitFromTheRecordedVersionGiveTheSameMetrics() {
    reproduces(Task.BINARY_CLASSIFICATION, Algorithm.GBT, Map.of("maxIter", "5", "maxDepth", "3"));
  }

  @Test
  void linearRegressionRefitFromTheRecordedVersionGivesTheSameMetrics() {
    reproduces(Task.REGRESSION, Algorithm.LINEAR_REGRESSION, Map.of("maxIter", "5"));
  }

  private static void reproduces(Task task, Algorithm algorithm, Map<String, String> params) {
    Lake lake = TestLakes.fresh("reproduce");
    TableId gold = TestLakes.uniqueTable(Layer.GOLD, "points");
    lake.overwrite(gold, data(task, 1), List.of(), new Lineage(Map.of(), "points"));
    ModelSpec spec = Learnable.spec(gold.name(), gold, task, algorithm, params);
    ModelVersion trained =
        ModelTrainer.train(lake, spec, lake.snapshot(gold, "curate"), 1, "0.1.0-test", "run-1")
            .version();
    Trial trial = new Trial(1, algorithm, trained.params());
    double threshold = trained.metrics().getOrDefault("threshold", Double.NaN);
    long recorded = trained.inputs().get(gold.toString());
    lake.overwrite(gold, data(task, 2), List.of(), new Lineage(Map.of(), "points v2"));

    Map<String, Double> reproduced =
        ModelTrainer.refit(lake, spec, lake.snapshot(gold, recorded, "x"), trial, threshold);
    Map<String, Double> current =
        ModelTrainer.refit(lake, spec, lake.snapshot(gold, "curate"), trial, threshold);

    assertThat(reproduced).isEqualTo(trained.metrics());
    assertThat(current).isNotEqualTo(trained.metrics());
  }

  private static Dataset<Row> data(Task task, long seed) {
    return task == Task.REGRESSION ? Learnable.regression(200, seed) : Learnable.binary(200, seed);
  }
}
