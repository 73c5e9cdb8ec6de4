package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.lake.Columns;
import io.lakeml.lake.TableId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Appends to a bronze table exactly once per batch: the commit carries the batch's {@link
 * IngestMarker}, and a batch whose marker the table already holds (one retried after a crash) is
 * not written again. New columns are merged into the table's schema.
 *
 * <p>Not Delta's own idempotent writes ({@code txnAppId}, {@code txnVersion}): Delta 4.2 looks the
 * transaction id up by rebuilding the table's whole state, three Spark jobs that cost an
 * incremental ingest more than its write (1.25 of 2.6 s in the benchmark). The marker is found in
 * the last commit's metadata, read on the driver.
 */
final class IdempotentAppend {
  private IdempotentAppend() {}

  /** Appends {@code rows} unless already committed; true when this call committed them. */
  static boolean append(Lake lake, TableId table, Dataset<Row> rows, IngestMarker marker) {
    if (marker.committedIn(lake, table)) {
      return false;
    }
    boolean creates = !lake.exists(table);
    DataFrameWriter<Row> writer =
        rows.write()
            .format("delta")
            .mode("append")
            .option("mergeSchema", "true")
            .option("userMetadata", marker.toJson());
    String indexed = statsColumns(rows);
    if (creates && !indexed.isEmpty()) {
      // A delta.* option becomes a table property when the write creates the table.
      writer = writer.option("delta.dataSkippingStatsColumns", indexed);
    }
    writer.save(lake.layout().table(table));
    return true;
  }

  /**
   * The {@link Columns#BRONZE_STATISTICS} columns {@code rows} has, quoted for Delta's column list.
   * Refine reads bronze by commit version, never by value, and statistics on the data columns cost
   * a full ingest about a tenth of its time (a min/max per value, on every row) for no reader in
   * the pipeline; Parquet's own row-group min/max on them stay. A user who queries bronze by value
   * can extend the table's {@code delta.dataSkippingStatsColumns}: ingest sets it only when it
   * creates the table.
   */
  private static String statsColumns(Dataset<Row> rows) {
    List<String> columns = List.of(rows.columns());
    return Columns.BRONZE_STATISTICS.stream()
        .filter(columns::contains)
        .map(name -> "`" + name + "`")
        .collect(Collectors.joining(","));
  }
}
