package io.lakeml.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.ingest.FileIngest;
import io.lakeml.ingest.IngestReport;
import io.lakeml.lake.Columns;
import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.spark.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bin/lakeml-bench ingest}: the full flights data as daily CSV files, ingested by lakeml, by
 * a bare Spark job doing the same read and Delta write, and by that job also writing lakeml's
 * lineage columns, in one session, each the best of three after a warm-up; then three times one new
 * file of 1% of the rows, ingested incrementally. Prints rates per core and their ratios. Not a
 * test.
 */
public final class IngestBench {
  private static final StructType FLIGHTS =
      StructType.fromDDL(
          "date TIMESTAMP_NTZ, delay INT, distance INT, origin STRING, destination STRING");
  private static final Map<String, String> CSV =
      Map.of("header", "true", "timestampNTZFormat", "yyyy-MM-dd HH:mm");

  // Each full ingest, and the incremental one, is timed this many times; the best time counts.
  private static final int ATTEMPTS = 3;

  private IngestBench() {}

  /** Arguments: the flights Parquet file, the bench folder, the number of rows (0: all). */
  public static void main(String[] args) throws IOException {
    Path parquet = Path.of(args[0]);
    Path bench = Path.of(args[1]).toAbsolutePath();
    long rows = Long.parseLong(args[2]);
    LakemlSettings settings =
        LakemlSettings.from(
            ConfigLoader.load(
                new ConfigLoader.Request(
                    null, List.of(), List.of("lakeml.lake.root=" + bench.resolve("lake")))));
    SparkSession spark = Sessions.create(settings);
    BenchFiles files = BenchFiles.prepare(spark, parquet, bench, rows);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        "lakeml-bench ingest: %,d rows, %d CSV files, %.1f MB, %d cores%n",
        files.rows(), files.count(), files.bytes() / 1e6, cores);
    // Warm up every timed path (class loading, JIT) on one file, then on a second one appended.
    Path warm = Files.createDirectories(bench.resolve("warm-up"));
    Files.copy(files.sample(), warm.resolve(files.sample().getFileName()));
    bare(spark, warm, bench.resolve("warm-bare"));
    bareWithLineage(spark, warm, bench.resolve("warm-bare-lineage"));
    lakeml(spark, bench.resolve("warm-lake"), warm.toString());
    Files.copy(files.extra(), warm.resolve(files.extra().getFileName()));
    lakeml(spark, bench.resolve("warm-lake"), warm.toString());
    bareAppend(spark, files.extra(), bench.resolve("warm-bare-lineage"));
    double bareSeconds = Double.MAX_VALUE;
    double lineageSeconds = Double.MAX_VALUE;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      bareSeconds =
          Math.min(bareSeconds, bare(spark, files.daily(), bench.resolve("bare-" + attempt)));
      lineageSeconds =
          Math.min(
              lineageSeconds,
              bareWithLineage(spark, files.daily(), bench.resolve("bare-lineage-" + attempt)));
    }
    double lakeSeconds = Double.MAX_VALUE;
    Path lake = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      lake = bench.resolve("lake-" + attempt);
      lakeSeconds = Math.min(lakeSeconds, lakeml(spark, lake, files.daily().toString()).seconds());
    }
    // Each incremental run ingests one more copy of the 1% file, under a new name.
    List<Timed> incrementals = new ArrayList<>();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Files.copy(files.extra(), files.daily().resolve(BenchFiles.EXTRA + attempt + ".csv"));
      incrementals.add(lakeml(spark, lake, files.daily().toString()));
    }
    // The floor of any incremental ingest here: the bare job appending just that file to its table.
    double bareAppend = bareAppend(spark, files.extra(), bench.resolve("bare-lineage-" + ATTEMPTS));
    print(files, cores, new double[] {bareSeconds, lineageSeconds, lakeSeconds}, incrementals);
    System.out.printf(
        "bare Spark + lineage appending the same new file: %.1f s = %.1f%% of its full write%n",
        bareAppend, 100 * bareAppend / lineageSeconds);
    spark.stop();
  }

  private record Timed(double seconds, IngestReport report) {}

  private static double bare(SparkSession spark, Path csv, Path table) {
    return timedWrite(read(spark, csv).write().format("delta"), table);
  }

  /**
   * The bare job writing the table lakeml writes: the same lineage columns on every row, and the
   * same statistics (Delta's on the lineage timestamps only, Parquet's on all but the lineage text
   * columns), for a like-for-like rate.
   */
  private static double bareWithLineage(SparkSession spark, Path csv, Path table) {
    SparkSession session = spark.newSession();
    for (String column : Columns.UNFILTERED_TEXT) {
      session.conf().set(ParquetOutputFormat.STATISTICS_ENABLED + "#" + column, "false");
    }
    return timedWrite(
        withLineage(read(session, csv))
            .write()
            .format("delta")
            .option("delta.dataSkippingStatsColumns", String.join(",", Columns.BRONZE_STATISTICS)),
        table);
  }

  private static double bareAppend(SparkSession spark, Path csv, Path table) {
    return timedWrite(withLineage(read(spark, csv)).write().format("delta").mode("append"), table);
  }

  private static Dataset<Row> withLineage(Dataset<Row> read) {
    return read.withColumn("_rescued_data", lit(null).cast("map<string,string>"))
        .withColumn("_source_file", col("_metadata.file_path"))
        .withColumn("_file_modified_at", col("_metadata.file_modification_time"))
        .withColumn("_ingested_at", current_timestamp())
        .withColumn("_run_id", lit("bench"));
  }

  private static Dataset<Row> read(SparkSession spark, Path csv) {
    return spark.read().options(CSV).schema(FLIGHTS).csv(csv.toString());
  }

  private static double timedWrite(DataFrameWriter<Row> writer, Path table) {
    long started = System.nanoTime();
    writer.save(table.toString());
    return (System.nanoTime() - started) / 1e9;
  }

  private static Timed lakeml(SparkSession spark, Path lakeRoot, String csv) {
    Lake lake = new Lake(spark, LakeLayout.of(lakeRoot.toString()));
    SourceSpec source =
        new SourceSpec(
            "flights", "csv", Optional.of(csv), new TableId(Layer.BRONZE, "flights"), CSV, FLIGHTS);
    long started = System.nanoTime();
    IngestReport report = FileIngest.ingest(lake, source, "bench");
    return new Timed((System.nanoTime() - started) / 1e9, report);
  }

  private static void print(
      BenchFiles files, int cores, double[] seconds, List<Timed> incrementals) {
    String[] names = {"bare Spark", "bare Spark + lineage", "lakeml ingest"};
    double mb = files.bytes() / 1e6;
    System.out.printf("%-22s %8s %12s %16s%n", "", "seconds", "MB/s/core", "rows/s/core");
    for (int index = 0; index < names.length; index++) {
      System.out.printf(
          "%-22s %8.1f %12.2f %,16.0f%n",
          names[index],
          seconds[index],
          mb / seconds[index] / cores,
          files.rows() / seconds[index] / cores);
    }
    System.out.printf("lakeml / bare Spark: %.2fx (target >= 0.85x)%n", seconds[0] / seconds[2]);
    System.out.printf(
        "lakeml / bare Spark writing the same lineage columns: %.2fx%n", seconds[1] / seconds[2]);
    Timed best = incrementals.stream().min(Comparator.comparingDouble(Timed::seconds)).get();
    System.out.printf(
        "incremental ingest of 1 new file (%,d rows), %d times: %s s; best %.2f s = %.1f%% of the"
            + " full ingest (target <= 10%%); files skipped %d, read %d%n",
        best.report().rows(),
        incrementals.size(),
        incrementals.stream()
            .map(run -> String.format(Locale.ROOT, "%.2f", run.seconds()))
            .collect(Collectors.joining(", ")),
        best.seconds(),
        100 * best.seconds() / seconds[2],
        best.report().filesSkipped(),
        best.report().filesIngested());
  }

  /** The bench's CSV files, written once from the Parquet file and reused by later runs. */
  private record BenchFiles(
      Path daily, Path sample, Path extra, long rows, long count, long bytes) {
    /** How a daily file's name starts. */
    static final String DAY = "flights-";

    /** How the name of a copy of the 1% file starts. */
    static final String EXTRA = "new-flights-";

    static BenchFiles prepare(SparkSession spark, Path parquet, Path bench, long limit)
        throws IOException {
      Path daily = bench.resolve("csv-" + (limit == 0 ? "all" : limit));
      Path extra = bench.resolve("extra-" + (limit == 0 ? "all" : limit) + ".csv");
      if (!Files.isDirectory(daily)) {
        Dataset<Row> flights = spark.read().parquet(parquet.toString());
        if (limit > 0) {
          flights = flights.limit((int) limit);
        }
        writeDaily(flights, bench.resolve("tmp"), daily);
        Path scratch = bench.resolve("tmp-extra");
        csv(flights.sample(0.01, 7).coalesce(1)).csv(scratch.toString());
        try (Stream<Path> parts = Files.list(scratch)) {
          Files.move(
              parts.filter(file -> file.toString().endsWith(".csv")).findFirst().orElseThrow(),
              extra);
        }
      }
      try (Stream<Path> left = Files.list(daily)) { // new files added by an earlier run
        for (Path file :
            left.filter(file -> !file.getFileName().toString().startsWith(DAY)).toList()) {
          Files.delete(file);
        }
      }
      long bytes = 0;
      long count = 0;
      Path sample = null;
      try (Stream<Path> files = Files.list(daily)) {
        for (Path file : files.sorted().toList()) {
          bytes += Files.size(file);
          count++;
          sample = sample == null ? file : sample;
        }
      }
      long rows = spark.read().options(CSV).schema(FLIGHTS).csv(daily.toString()).count();
      return new BenchFiles(daily, sample, extra, rows, count, bytes);
    }

    private static DataFrameWriter<Row> csv(Dataset<Row> rows) {
      return rows.write().options(CSV);
    }

    /** One CSV file per departure day, named flights-YYYY-MM-DD.csv. */
    private static void writeDaily(Dataset<Row> flights, Path scratch, Path into)
        throws IOException {
      csv(flights.withColumn("day", to_date(col("date"))).repartition(col("day")))
          .partitionBy("day")
          .csv(scratch.toString());
      Files.createDirectories(into);
      try (Stream<Path> days = Files.list(scratch)) {
        for (Path day : days.filter(Files::isDirectory).toList()) {
          try (Stream<Path> parts = Files.list(day)) {
            Path part =
                parts
                    .filter(file -> file.getFileName().toString().endsWith(".csv"))
                    .findFirst()
                    .orElseThrow();
            String name = DAY + day.getFileName().toString().substring("day=".length()) + ".csv";
            Files.move(part, into.resolve(name));
          }
        }
      }
    }
  }
}
