package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.lake.Columns;
import io.lakeml.pipeline.SourceSpec;
import java.time.Instant;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Ingests one source of any format into its bronze table, exactly once. */
public final class Ingest {
  private Ingest() {}

  /**
   * The lake on a session of its own (same Spark context and configuration) for one source's
   * ingest: the settings it tunes (file listing, small files, timestamp parsing, CSV parsing,
   * Parquet statistics, local checkpoints) stay off the caller's session.
   */
  static Lake isolated(Lake lake) {
    SparkSession session = lake.spark().newSession();
    // Wall-clock text parses to TIMESTAMP_NTZ without a time zone (see Rescue.cast).
    session.conf().set("spark.sql.timestampType", "TIMESTAMP_NTZ");
    // A CSV line is malformed by its whole field count: with column pruning Spark parses only the
    // columns a query reads, and a query on the rejected records alone would find none.
    session.conf().set("spark.sql.csv.parser.columnPruning.enabled", "false");
    // Spark's default cost of opening a file (4 MB) packs only 32 tiny files into a task (and a
    // bronze file), and keeps a batch of one or two small files in one task while cores wait.
    session.conf().set("spark.sql.files.openCostInBytes", Long.toString(64 * 1024));
    // Listing many explicit files as a Spark job costs a task per file; the driver is faster.
    session.conf().set("spark.sql.sources.parallelPartitionDiscovery.threshold", "1000000");
    // No Parquet min/max on the unfiltered text columns: it compares a long path on every row,
    // about 0.3 s of the benchmark's full ingest. (Writer options do not reach Parquet.)
    for (String column : Columns.UNFILTERED_TEXT) {
      session.conf().set(ParquetOutputFormat.STATISTICS_ENABLED + "#" + column, "false");
    }
    if ("file".equals(new Path(lake.layout().root()).toUri().getScheme())) {
      // Without Hadoop's native library, a FileContext rename on a local disk forks a readlink
      // process for each path, twice per checkpoint file; FileSystem renames stay in Java.
      session
          .conf()
          .set(
              "spark.sql.streaming.checkpointFileManagerClass",
              "org.apache.spark.sql.execution.streaming.checkpointing"
                  + ".FileSystemBasedCheckpointFileManager");
    }
    return new Lake(session, lake.layout());
  }

  /**
   * The {@code _ingested_at} of the rows a query writes: now. Not {@code current_timestamp()},
   * which Spark turns into a timestamp literal written into the generated Java code: every run
   * would then compile, and warm up in the JIT, its own copy of the code that reads and writes each
   * row. A function that returns the instant keeps that code the same from run to run.
   */
  static Column ingestedAt() {
    Instant now = Instant.now();
    return functions
        .udf((UDF0<Instant>) () -> now, DataTypes.TimestampType)
        .asNonNullable()
        .apply();
  }

  /** Ingests what is new in {@code source}: its new files, or its rows past the watermark. */
  public static IngestReport source(Lake lake, SourceSpec source, String runId) {
    return source.jdbc().isPresent()
        ? JdbcIngest.ingest(lake, source, runId)
        : FileIngest.ingest(lake, source, runId);
  }
}
