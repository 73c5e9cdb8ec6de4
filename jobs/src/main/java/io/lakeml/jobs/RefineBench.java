package io.lakeml.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.refine.RefineTable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Measures refine on the full flights data: (a) the first refine of all 3M bronze rows into
 * silver.flights as conf/pipelines/flights.conf declares it, then (b) a daily batch of about 1%
 * (one new day, plus the last day delivered again), and reports times and files rewritten.
 *
 * <p>Arguments: the pipeline file, the flights Parquet file, airports.csv, the bench folder.
 */
public final class RefineBench {
  private static final LocalDate RUN_DATE = LocalDate.of(2001, 7, 1);

  private RefineBench() {}

  public static void main(String[] args) throws Exception {
    Path pipelineFile = Path.of(args[0]);
    BenchLake bench =
        BenchLake.open(pipelineFile, Path.of(args[3]).toAbsolutePath().resolve("refine"));
    PipelineSpec pipeline = bench.pipeline();
    Lake lake = bench.lake();
    SparkSession spark = bench.spark();
    SilverTableSpec airports = silver(pipeline, "silver.airports");
    SilverTableSpec flights = silver(pipeline, "silver.flights");

    Timestamp first = Timestamp.valueOf("2001-07-01 06:00:00");
    Dataset<Row> all = spark.read().parquet(args[1]);
    append(lake, flights.source(), bronze(all, "flights-3m.parquet", first));
    append(
        lake,
        airports.source(),
        bronze(
            spark
                .read()
                .option("header", "true")
                .schema(
                    "iata STRING, name STRING, city STRING, state STRING, country STRING, latitude DOUBLE,"
                        + " longitude DOUBLE")
                .csv(args[2]),
            "airports.csv",
            first));
    RefineTable.refine(lake, airports, "bench-airports", RUN_DATE, report -> {});

    long fullStart = System.nanoTime();
    RefineTable.refine(lake, flights, "bench-full", RUN_DATE, report -> {});
    double fullSeconds = (System.nanoTime() - fullStart) / 1e9;
    long silverRows = lake.read(flights.id(), "refine").count();
    long silverFiles = files(lake, flights.id());

    Dataset<Row> lastDay = all.where("to_date(date) = DATE '2001-06-30'");
    Dataset<Row> batch =
        lastDay
            .withColumn("date", expr("date + INTERVAL 1 DAY"))
            .unionByName(lastDay.limit(14_000));
    Timestamp second = Timestamp.valueOf("2001-07-02 06:00:00");
    append(lake, flights.source(), bronze(batch, "flights-2001-07-01.csv", second));
    long batchRows = batch.count();
    long dailyStart = System.nanoTime();
    RefineTable.refine(lake, flights, "bench-daily", RUN_DATE.plusDays(1), report -> {});
    double dailySeconds = (System.nanoTime() - dailyStart) / 1e9;
    Row merge =
        DeltaTable.forPath(spark, lake.layout().table(flights.id()))
            .history(1)
            .select("operation", "operationMetrics")
            .first();
    Map<String, String> metrics = merge.getJavaMap(1);

    System.out.printf(
        "%nrefine benchmark: Spark %s, %s, %d cores, JVM heap %d MiB%n",
        spark.version(),
        spark.sparkContext().master(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        "(a) full refine: %,d bronze rows -> %,d silver rows in %d files: %.1f s%n",
        all.count(), silverRows, silverFiles, fullSeconds);
    System.out.printf(
        "(b) daily batch: %,d rows (%.2f%%): %.1f s = %.1f%% of (a); %s rewrote %s files"
            + " (removed %s, added %s, %s rows copied, %s deletion vectors)%n",
        batchRows,
        100.0 * batchRows / silverRows,
        dailySeconds,
        100 * dailySeconds / fullSeconds,
        merge.getString(0),
        metrics.getOrDefault("numTargetFilesRemoved", "0"),
        metrics.getOrDefault("numTargetFilesRemoved", "0"),
        metrics.getOrDefault("numTargetFilesAdded", "0"),
        metrics.getOrDefault("numTargetRowsCopied", "0"),
        metrics.getOrDefault("numTargetDeletionVectorsAdded", "0"));
    spark.stop();
  }

  private static SilverTableSpec silver(PipelineSpec pipeline, String id) {
    return pipeline.silverTables().stream()
        .filter(table -> table.id().equals(TableId.parse(id)))
        .findFirst()
        .orElseThrow();
  }

  private static Dataset<Row> bronze(Dataset<Row> rows, String file, Timestamp ingestedAt) {
    return rows.withColumn("_source_file", lit("file:/bench/" + file))
        .withColumn("_ingested_at", lit(ingestedAt))
        .withColumn("_run_id", lit("bench"));
  }

  private static void append(Lake lake, TableId table, Dataset<Row> rows) {
    rows.write().format("delta").mode("append").save(lake.layout().table(table));
  }

  private static long files(Lake lake, TableId table) {
    return DeltaTable.forPath(lake.spark(), lake.layout().table(table))
        .detail()
        .select(col("numFiles"))
        .first()
        .getLong(0);
  }
}
