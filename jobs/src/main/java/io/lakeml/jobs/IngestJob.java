package io.lakeml.jobs;

import io.lakeml.delta.TableWrite;
import io.lakeml.ingest.Ingest;
import io.lakeml.ingest.IngestReport;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * raw/&lt;source&gt; files and JDBC tables → bronze.&lt;table&gt; (and
 * bronze.&lt;source&gt;_rejected); idempotent: each file source's checkpoint skips read files, each
 * JDBC source's watermark is committed with its rows.
 */
final class IngestJob {
  private IngestJob() {}

  static StageResult run(JobContext context) {
    List<IngestReport> reports =
        context.pipeline().sources().stream()
            .map(source -> Ingest.source(context.lake(), source, context.runId()))
            .toList();
    Map<String, String> details = new LinkedHashMap<>();
    reports.forEach(report -> details.putAll(report.details()));
    long rows = reports.stream().mapToLong(IngestReport::rows).sum();
    long rejected = reports.stream().mapToLong(IngestReport::rejected).sum();
    List<TableWrite> writes = reports.stream().flatMap(report -> report.writes().stream()).toList();
    return new StageResult("ingest", rows + rejected, rows, writes, details);
  }
}
