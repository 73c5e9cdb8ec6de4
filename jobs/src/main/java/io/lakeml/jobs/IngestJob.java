package io.lakeml.jobs;

import io.lakeml.delta.TableWrite;
import io.lakeml.ingest.FileIngest;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.List;
import java.util.Map;

/**
 * raw/&lt;source&gt; files → bronze.&lt;table&gt;; idempotent: each source's checkpoint skips read
 * files.
 */
final class IngestJob {
  private IngestJob() {}

  static StageResult run(JobContext context) {
    List<TableWrite> writes =
        context.pipeline().sources().stream()
            .map(source -> FileIngest.ingest(context.lake(), source, context.runId()))
            .toList();
    long rowsIn = writes.stream().mapToLong(TableWrite::rowsWritten).sum();
    return StageResult.of("ingest", rowsIn, writes, Map.of());
  }
}
