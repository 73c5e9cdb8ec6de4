package io.lakeml.jobs;

import io.lakeml.delta.TableWrite;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.quality.QualityLog;
import io.lakeml.refine.RefineTable;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bronze.&lt;t&gt; → silver.&lt;t&gt; (+ silver.&lt;t&gt;_quarantine, lakeml.quality); idempotent:
 * only bronze rows added since the last refine are read, MERGE on the key.
 */
final class RefineJob {
  private RefineJob() {}

  static StageResult run(JobContext context) {
    List<TableWrite> writes = new ArrayList<>();
    Map<String, String> details = new LinkedHashMap<>();
    long rowsIn = 0;
    for (SilverTableSpec table : context.pipeline().silverTables()) {
      RefineTable.Outcome outcome =
          RefineTable.refine(
              context.lake(),
              table,
              context.runId(),
              context.runDate(),
              report -> QualityLog.append(context, table.id(), report));
      writes.add(outcome.silver());
      outcome.quarantine().ifPresent(writes::add);
      if (outcome.report().isPresent()) {
        rowsIn += outcome.report().get().rows();
        details.putAll(Summary.quality(table.id(), outcome.report().get()));
      }
    }
    return StageResult.of("refine", rowsIn, writes, details);
  }
}
