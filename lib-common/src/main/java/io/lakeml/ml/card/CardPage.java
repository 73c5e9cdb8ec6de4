package io.lakeml.ml.card;

import io.lakeml.ml.ModelVersion;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The card's HTML: one self-contained page that shows the charts beside it and the facts. */
final class CardPage {
  private static final List<String> PERFORMANCE =
      List.of(
          "roc.png",
          "pr.png",
          "calibration.png",
          "confusion.png",
          "residuals.png",
          "residual-histogram.png");
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}"
          + "h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}"
          + "table{border-collapse:collapse;margin:.5em 0 1.5em}"
          + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
          + "th{background:#f3f3f3}img{margin:.3em;border:1px solid #eee}"
          + "pre{background:#f7f7f7;padding:1em;overflow-x:auto}";

  private final ModelCardInput input;
  private final Map<String, String> label = new TreeMap<>();

  CardPage(ModelCardInput input) {
    this.input = input;
  }

  /** Adds facts about the held-out labels to the data summary. */
  void label(Map<String, String> facts) {
    label.putAll(facts);
  }

  /** The page, showing {@code charts} (file names in the card folder). */
  String html(Collection<String> charts) {
    ModelVersion version = input.version();
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(escape(version.model() + " v" + version.version()))
        .append(" · model card</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>")
        .append(escape(version.model()))
        .append(" v")
        .append(version.version())
        .append("</h1>\n<p class=\"sub\">")
        .append(escape(version.algorithm()))
        .append(", ")
        .append(escape(input.task().toString().toLowerCase(Locale.ROOT).replace('_', ' ')))
        .append(", trained ")
        .append(escape(version.createdAt().toString()))
        .append("</p>\n");
    section(page, "Held-out metrics");
    Map<String, String> metrics = new LinkedHashMap<>();
    new TreeMap<>(version.metrics())
        .forEach(
            (name, value) ->
                metrics.put(
                    name + (name.equals(version.metric()) ? " (compared by)" : ""),
                    ModelCard.format(value)));
    table(page, metrics);
    images(page, charts.stream().filter(PERFORMANCE::contains).toList());
    section(page, "Feature importance");
    if (charts.contains("importance.png")) {
      images(page, List.of("importance.png"));
    } else {
      page.append("<p>The algorithm reports no feature importance.</p>\n");
    }
    section(page, "Leaderboard");
    leaderboard(page);
    if (charts.contains("leaderboard.png")) {
      images(page, List.of("leaderboard.png"));
    }
    section(page, "Data");
    Map<String, String> data = new LinkedHashMap<>();
    data.put("training rows", Long.toString(version.trainRows()));
    data.put("test rows", Long.toString(version.testRows()));
    data.putAll(label);
    data.put("features kept", String.join(", ", version.features()));
    table(page, data);
    if (!version.featuresDropped().isEmpty()) {
      page.append("<p>Features dropped:</p>\n");
      table(page, new TreeMap<>(version.featuresDropped()));
    }
    section(page, "Lineage");
    Map<String, String> lineage = new LinkedHashMap<>();
    new TreeMap<>(version.inputs())
        .forEach((table, delta) -> lineage.put("input " + table, "Delta version " + delta));
    lineage.put("config hash", version.configHash());
    lineage.put("code version", String.valueOf(version.codeVersion()));
    lineage.put("location", version.location());
    table(page, lineage);
    if (!version.declaration().isEmpty()) {
      page.append("<p>Declaration:</p>\n<pre>")
          .append(escape(version.declaration()))
          .append("</pre>\n");
    }
    return page.append("</body></html>\n").toString();
  }

  private void leaderboard(StringBuilder page) {
    if (input.leaderboard().isEmpty()) {
      page.append("<p>No other candidates were tried.</p>\n");
      return;
    }
    page.append("<table><tr><th>#</th><th>candidate</th><th>params</th><th>metric</th>")
        .append("<th>score</th><th>fit seconds</th></tr>\n");
    int rank = 1;
    for (LeaderboardEntry entry : input.leaderboard()) {
      page.append("<tr><td>")
          .append(rank++)
          .append("</td><td>")
          .append(escape(entry.candidate()))
          .append("</td><td>")
          .append(escape(new TreeMap<>(entry.params()).toString()))
          .append("</td><td>")
          .append(escape(entry.metric()))
          .append("</td><td>")
          .append(ModelCard.format(entry.score()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", entry.fitSeconds()))
          .append("</td></tr>\n");
    }
    page.append("</table>\n");
  }

  private static void section(StringBuilder page, String title) {
    page.append("<h2>").append(escape(title)).append("</h2>\n");
  }

  private static void table(StringBuilder page, Map<String, String> rows) {
    page.append("<table>\n");
    rows.forEach(
        (name, value) ->
            page.append("<tr><th>")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>\n"));
    page.append("</table>\n");
  }

  private static void images(StringBuilder page, List<String> files) {
    page.append("<div>");
    for (String file : files) {
      String name = file.substring(0, file.length() - ".png".length()).replace('-', ' ');
      page.append("<img src=\"")
          .append(escape(file))
          .append("\" alt=\"")
          .append(escape(name))
          .append("\" width=\"560\" height=\"420\">");
    }
    page.append("</div>\n");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
