package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.lake.Columns;
import io.lakeml.lake.TableId;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;

/**
 * Appends to a bronze table exactly once per (application id, version): Delta's idempotent writes
 * ({@code txnAppId}, {@code txnVersion}) skip a write whose version the table already committed, so
 * a batch retried after a crash lands once. New columns are merged into the table's schema.
 */
final class IdempotentAppend {
  /**
   * Lineage columns no query filters on: data-skipping statistics on them (min/max of a long path
   * on every row) would cost ingest a large share of its time and save no reader anything.
   */
  private static final Set<String> UNINDEXED =
      Set.of(Columns.RESCUED_DATA, Columns.SOURCE_FILE, Columns.RUN_ID, Columns.RAW_RECORD);

  private IdempotentAppend() {}

  /** Appends {@code rows} unless already committed; true when this call committed them. */
  static boolean append(
      Lake lake,
      TableId table,
      Dataset<Row> rows,
      String appId,
      long version,
      IngestMarker marker) {
    long before = lake.exists(table) ? lake.version(table) : -1;
    DataFrameWriter<Row> writer =
        rows.write()
            .format("delta")
            .mode("append")
            .option("mergeSchema", "true")
            .option("txnAppId", appId)
            .option("txnVersion", version)
            .option("userMetadata", marker.toJson());
    String indexed = statsColumns(rows);
    if (before < 0 && !indexed.isEmpty()) {
      // A delta.* option becomes a table property when the write creates the table.
      writer = writer.option("delta.dataSkippingStatsColumns", indexed);
    }
    writer.save(lake.layout().table(table));
    return lake.version(table) != before;
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
