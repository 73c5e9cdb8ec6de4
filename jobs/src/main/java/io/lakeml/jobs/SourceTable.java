package io.lakeml.jobs;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ingest stage's per-source table: files, bytes, rows, rescued, rejected, schema changes. */
final class SourceTable {
  private static final String ROW = "         %-16s %6s %6s %8s %9s %10s %8s %9s  %s";

  private SourceTable() {}

  /** Prints the counts the ingest stage keeps as {@code <source>.<count>} details. */
  static void print(PrintWriter out, Map<String, String> details) {
    Map<String, Map<String, String>> sources = new LinkedHashMap<>();
    details.forEach(
        (key, value) -> {
          int dot = key.lastIndexOf('.');
          sources
              .computeIfAbsent(key.substring(0, dot), source -> new LinkedHashMap<>())
              .put(key.substring(dot + 1), value);
        });
    line(out, "source", "files", "new", "skipped", "MB", "rows", "rescued", "rejected", "schema");
    sources.forEach(
        (source, counts) ->
            line(
                out,
                source,
                counts.getOrDefault("files_seen", "-"),
                counts.getOrDefault("files_ingested", "-"),
                counts.getOrDefault("files_skipped", "-"),
                String.format("%.1f", Long.parseLong(counts.getOrDefault("bytes", "0")) / 1e6),
                counts.get("rows"),
                counts.get("rescued"),
                counts.get("rejected"),
                describe(counts)));
  }

  private static void line(PrintWriter out, Object... cells) {
    out.println(String.format(ROW, cells).stripTrailing());
  }

  private static String describe(Map<String, String> counts) {
    String changes = counts.getOrDefault("schema_changes", "");
    String watermark = counts.get("watermark");
    return watermark == null ? changes : ("watermark " + watermark + " " + changes).strip();
  }
}
