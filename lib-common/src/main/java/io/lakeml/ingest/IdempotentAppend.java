package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.lake.Columns;
import io.lakeml.lake.TableId;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;

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
  /**
   * Metadata columns no query filters on: data-skipping statistics on them (min/max of a long path
   * on every row) would cost ingest a large share of its time and save no reader anything. Parquet
   * keeps none on the text ones either (see {@link Ingest#isolated}).
   */
  private static final Set<String> UNINDEXED =
      Stream.concat(Columns.UNFILTERED_TEXT.stream(), Stream.of(Columns.RESCUED_DATA))
          .collect(Collectors.toUnmodifiableSet());

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
   * Every column but the unindexed lineage ones and those Delta keeps no statistics for (arrays,
   * maps), quoted for Delta's column list.
   */
  private static String statsColumns(Dataset<Row> rows) {
    return Arrays.stream(rows.schema().fields())
        .filter(field -> !UNINDEXED.contains(field.name()))
        .filter(
            field ->
                !(field.dataType() instanceof ArrayType || field.dataType() instanceof MapType))
        .map(field -> "`" + field.name().replace("`", "``") + "`")
        .collect(Collectors.joining(","));
  }
}
