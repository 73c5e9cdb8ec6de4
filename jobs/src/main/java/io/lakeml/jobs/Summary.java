package io.lakeml.jobs;

import io.lakeml.delta.TableWrite;
import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.SystemTable;
import io.lakeml.lake.TableId;
import io.lakeml.quality.QualityReport;
import io.lakeml.quality.QualityResult;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The per-stage summary a command prints: tables, rows, versions, model metrics, and where to look.
 */
final class Summary {
  private static final String ROW = "%-8s %-34s %10s %10s %8s  %s%n";

  private Summary() {}

  static void print(PrintWriter out, JobContext context, List<StageResult> results, Duration took) {
    out.printf(
        "%nlakeml %s: pipeline %s, run %s, run date %s%n",
        results.size() == 1 ? results.get(0).stage() : "run",
        context.pipeline().name(),
        context.runId(),
        context.runDate());
    out.printf(ROW, "stage", "table", "rows in", "rows out", "version", "");
    for (StageResult result : results) {
      boolean first = true;
      for (TableWrite write : result.writes()) {
        out.printf(
            ROW,
            first ? result.stage() : "",
            write.table(),
            first ? result.rowsIn() : "",
            write.skipped() ? "-" : write.rowsWritten(),
            write.version() < 0 ? "-" : write.version(),
            write.skipped() ? "up to date" : "written");
        first = false;
      }
      if (result.stage().equals("ingest")) {
        SourceTable.print(out, result.details());
        continue;
      }
      for (Map.Entry<String, String> detail : result.details().entrySet()) {
        out.printf(
            "%-8s %s: %s%n", first ? result.stage() : "", detail.getKey(), detail.getValue());
        first = false;
      }
    }
    LakeLayout layout = context.lake().layout();
    out.printf("%nDone in %.1f s. Lake: %s%n", took.toMillis() / 1000.0, layout.root());
    out.printf(
        "Query it: bin/lakeml sql --lake %s \"SELECT * FROM %s LIMIT 10\"%n",
        layout.root(), lastTable(results));
    out.printf(
        "Run history: %s (Delta), models: %s/models%n",
        layout.system(SystemTable.RUNS), layout.root());
  }

  /** One line per rule: "silver.flights known_origin" -> "12 of 113493 rows failed: quarantine". */
  static Map<String, String> quality(TableId table, QualityReport report) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (QualityResult result : report.results()) {
      String outcome =
          result.kind().equals("row")
              ? String.format("%d of %d rows failed", result.rowsFailed(), result.rowsChecked())
              : (result.passed() ? "passed" : "failed") + " (" + result.observed() + ")";
      lines.put(
          "rule " + table + "." + result.rule(),
          outcome + ", action " + result.action().name().toLowerCase(Locale.ROOT));
    }
    lines.put(
        "quality " + table,
        String.format(
            "%d rows checked, %d quarantined, %d dropped",
            report.rows(), report.quarantined(), report.dropped()));
    return lines;
  }

  /** "auc_pr=0.512, auc_roc=0.701" with four decimals. */
  static String metrics(Map<String, Double> metrics) {
    return metrics.entrySet().stream()
        .map(entry -> String.format("%s=%.4f", entry.getKey(), entry.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** The last table this command wrote or found up to date, for the example query. */
  private static String lastTable(List<StageResult> results) {
    return results.stream()
        .flatMap(result -> result.writes().stream())
        .filter(write -> write.version() >= 0)
        .reduce((first, second) -> second)
        .map(write -> write.table().toString())
        .orElse("lakeml.runs");
  }
}
