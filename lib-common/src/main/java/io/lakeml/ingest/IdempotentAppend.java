package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.lake.TableId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Appends to a bronze table exactly once per (application id, version): Delta's idempotent writes
 * ({@code txnAppId}, {@code txnVersion}) skip a write whose version the table already committed, so
 * a batch retried after a crash lands once. New columns are merged into the table's schema.
 */
final class IdempotentAppend {
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
    rows.write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .option("txnAppId", appId)
        .option("txnVersion", version)
        .option("userMetadata", marker.toJson())
        .save(lake.layout().table(table));
    return lake.version(table) != before;
  }
}
