package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Columns;
import io.lakeml.lake.LakeLayout;
import io.lakeml.pipeline.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Raw files → bronze, incrementally and exactly once: a Structured Streaming file source with
 * {@code Trigger.AvailableNow} and a checkpoint per source reads only files it has not read before,
 * and Delta's streaming sink commits each batch once, so a rerun, or a rerun after a crash, never
 * ingests a file twice.
 */
public final class FileIngest {
  private FileIngest() {}

  /** Ingests the source's new files into its bronze table and waits until they are committed. */
  public static TableWrite ingest(Lake lake, SourceSpec source, String runId) {
    SparkSession spark = lake.spark();
    LakeLayout layout = lake.layout();
    requireFolder(lake, source);
    long before = lake.exists(source.table()) ? lake.version(source.table()) : -1;
    Dataset<Row> files =
        spark
            .readStream()
            .format(source.format())
            .schema(source.schema())
            .options(source.options())
            .load(source.location(layout));
    try {
      StreamingQuery query =
          withMetadata(files, runId)
              .writeStream()
              .format("delta")
              .queryName("ingest_" + source.name())
              .option("checkpointLocation", layout.checkpoint(source.name()))
              .trigger(Trigger.AvailableNow())
              .start(layout.table(source.table()));
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      throw new IllegalStateException(
          "Ingest of source " + source.name() + " from " + source.location(layout) + " failed", e);
    }
    if (!lake.exists(source.table())) {
      return new TableWrite(source.table(), -1, 0, true);
    }
    lake.register(source.table());
    long after = lake.version(source.table());
    return new TableWrite(
        source.table(), after, rowsCommittedSince(lake, source, before), after == before);
  }

  private static void requireFolder(Lake lake, SourceSpec source) {
    Path folder = new Path(source.location(lake.layout()));
    try {
      if (!folder.getFileSystem(lake.spark().sparkContext().hadoopConfiguration()).exists(folder)) {
        throw LakeErrors.sourceMissing(source.name(), folder.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + folder, e);
    }
  }

  /** Adds the bronze metadata columns: source file, its modification time, ingest time, run id. */
  public static Dataset<Row> withMetadata(Dataset<Row> files, String runId) {
    return files
        .withColumn(Columns.SOURCE_FILE, col("_metadata.file_path"))
        .withColumn(Columns.FILE_MODIFIED_AT, col("_metadata.file_modification_time"))
        .withColumn(Columns.INGESTED_AT, current_timestamp())
        .withColumn(Columns.RUN_ID, lit(runId));
  }

  /** Rows appended by the commits after {@code version}, from Delta's commit metrics. */
  private static long rowsCommittedSince(Lake lake, SourceSpec source, long version) {
    Row sum =
        DeltaTable.forPath(lake.spark(), lake.layout().table(source.table()))
            .history()
            .where(col("version").gt(version))
            .selectExpr("coalesce(sum(cast(operationMetrics['numOutputRows'] AS BIGINT)), 0)")
            .first();
    return sum.getLong(0);
  }
}
