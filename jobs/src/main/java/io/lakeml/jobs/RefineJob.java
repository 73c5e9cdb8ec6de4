package io.lakeml.jobs;

import io.lakeml.config.Digests;
import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.Snapshot;
import io.lakeml.delta.TableWrite;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.refine.Refine;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * bronze.&lt;t&gt; → silver.&lt;t&gt;; idempotent: MERGE on the key, skipped when bronze is
 * unchanged.
 */
final class RefineJob {
  private RefineJob() {}

  static StageResult run(JobContext context) {
    Lake lake = context.lake();
    long rowsIn = 0;
    List<TableWrite> writes = new ArrayList<>();
    for (SilverTableSpec table : context.pipeline().silverTables()) {
      Snapshot bronze = lake.snapshot(table.source(), "ingest");
      Lineage lineage =
          new Lineage(
              Map.of(table.source().toString(), bronze.version()),
              Digests.sha256(table.toString()));
      if (lake.lineage(table.id()).equals(Optional.of(lineage))) {
        writes.add(lake.unchanged(table.id()));
        continue;
      }
      rowsIn += bronze.rows().count();
      Dataset<Row> latest =
          Refine.latestPerKey(
              Refine.typed(bronze.rows(), table.schema()), table.key(), table.orderBy());
      writes.add(
          lake.merge(
              table.id(), latest, table.key(), table.orderBy(), table.partitionBy(), lineage));
    }
    return StageResult.of("refine", rowsIn, writes, Map.of());
  }
}
