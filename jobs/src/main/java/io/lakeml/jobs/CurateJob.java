package io.lakeml.jobs;

import io.lakeml.curate.Curate;
import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.TableWrite;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.GoldTableSpec;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * silver/gold → gold.&lt;t&gt; in dependency order; idempotent: overwrite, skipped when inputs are
 * unchanged.
 */
final class CurateJob {
  private CurateJob() {}

  static StageResult run(JobContext context) {
    Lake lake = context.lake();
    List<TableWrite> writes = new ArrayList<>();
    long rowsIn = 0;
    for (GoldTableSpec table : context.pipeline().goldTables()) {
      Lineage lineage = Curate.lineage(lake, table);
      if (lake.lineage(table.id()).equals(Optional.of(lineage))) {
        writes.add(lake.unchanged(table.id()));
      } else {
        for (TableId input : table.inputs()) {
          rowsIn += lake.read(input, "refine").count(); // answered from Delta's file statistics
        }
        writes.add(
            lake.overwrite(
                table.id(), Curate.query(lake.spark(), table), table.partitionBy(), lineage));
      }
    }
    return StageResult.of("curate", rowsIn, writes, Map.of());
  }
}
