package io.lakeml.jobs;

import static org.apache.spark.sql.functions.col;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.lake.TableId;
import io.lakeml.ml.ModelTrainer;
import io.lakeml.ml.TrainingResult;
import io.lakeml.ml.automl.Leaderboard;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.pipeline.SourceSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Measures AutoML on the full flights data: gold.flight_features built from all 3M flights and
 * their airports (features known before departure), a time split (January–May train, June test),
 * the AutoML model of conf/bench/automl.conf within its budget, and beside it fixed XGBoost
 * baselines (200 and 500 rounds, depth 8, eta 0.1) on the same split. The flights and airports land
 * in bronze as they are, and gold.flight_features is the bench file's SQL over them. Prints the
 * leaderboard, the June AUC and the time of each.
 *
 * <p>Arguments: the bench pipeline file, the flights Parquet file, airports.csv, the bench folder.
 */
public final class AutoMlBench {
  private AutoMlBench() {}

  public static void main(String[] args) throws Exception {
    Path pipelineFile = Path.of(args[0]);
    BenchLake bench =
        BenchLake.open(pipelineFile, Path.of(args[3]).toAbsolutePath().resolve("automl"));
    PipelineSpec pipeline = bench.pipeline();
    Lake lake = bench.lake();
    SparkSession spark = bench.spark();
    TableId gold = TableId.parse("gold.flight_features");
    if (!lake.exists(gold)) {
      Lineage lineage = new Lineage(Map.of(), "bench");
      SourceSpec flights = source(pipeline, "flights");
      SourceSpec airports = source(pipeline, "airports");
      lake.overwrite(
          flights.table(),
          spark
              .read()
              .parquet(args[1])
              .select(
                  Arrays.stream(flights.schema().fields())
                      .map(field -> col(field.name()).cast(field.dataType()))
                      .toArray(Column[]::new)),
          List.of(),
          lineage);
      lake.overwrite(
          airports.table(),
          spark.read().option("header", "true").schema(airports.schema()).csv(args[2]),
          List.of(),
          lineage);
      lake.registerAll();
      lake.overwrite(gold, spark.sql(pipeline.goldTables().get(0).sql()), List.of(), lineage);
    }
    long rows = lake.read(gold, "bench").count();
    System.out.printf(
        "%nautoml benchmark: Spark %s, %s, %d cores, JVM heap %d MiB, %,d flights%n",
        spark.version(),
        spark.sparkContext().master(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        rows);
    int version = 1;
    for (ModelSpec model : pipeline.models()) {
      TrainingResult result =
          ModelTrainer.train(
              lake, model, lake.snapshot(gold, "bench"), version++, "bench", "bench");
      System.out.printf(
          "%n%s: %s, June AUC %.4f (AUC-PR %.4f, log loss %.4f), train %,d rows, test %,d rows,"
              + " %.0f s in all%n",
          model.name(),
          result.version().algorithm() + " " + result.version().params(),
          result.metrics().get("auc_roc"),
          result.metrics().get("auc_pr"),
          result.metrics().get("log_loss"),
          result.version().trainRows(),
          result.version().testRows(),
          result.seconds());
      if (model.algorithm().isEmpty()) {
        System.out.printf(
            "  %d trials, %d skipped for the budget; dropped %s%n",
            result.leaderboard().size(),
            result.skippedTrials(),
            result.version().featuresDropped());
        Leaderboard.format(result.leaderboard(), Integer.MAX_VALUE)
            .forEach(line -> System.out.println("  " + line));
      }
    }
    spark.stop();
  }

  private static SourceSpec source(PipelineSpec pipeline, String name) {
    return pipeline.sources().stream()
        .filter(source -> source.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
