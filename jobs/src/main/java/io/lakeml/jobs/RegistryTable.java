package io.lakeml.jobs;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.lakeml.ml.ModelVersion;
import io.lakeml.ml.Standing;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Registry rows as the {@code models} command prints them. */
final class RegistryTable {
  private static final String ROW = "%-20s %7s  %-10s  %-11s  %-20s  %-18s  %s";

  private RegistryTable() {}

  /** One line per version: version, alias, status, algorithm, metric, created. */
  static List<String> lines(List<ModelVersion> versions) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            ROW,
            "model",
            "version",
            "alias",
            "status",
            "algorithm",
            "metric",
            "created"));
    for (ModelVersion version : versions) {
      lines.add(
          String.format(
              Locale.ROOT,
              ROW,
              version.model(),
              version.version(),
              alias(version.standing()),
              version.standing().status(),
              version.algorithm(),
              version.metrics().containsKey(version.metric())
                  ? String.format(Locale.ROOT, "%s=%.4f", version.metric(), version.score())
                  : "-",
              version.createdAt().truncatedTo(ChronoUnit.SECONDS)));
    }
    return lines;
  }

  /** Every field of one version, one per line; the declaration as HOCON. */
  static List<String> record(ModelVersion version) {
    List<String> lines = new ArrayList<>();
    Standing standing = version.standing();
    field(lines, "model", version.model());
    field(lines, "version", version.version());
    field(lines, "alias", alias(standing));
    field(lines, "status", standing.status());
    field(lines, "decision", standing.decision());
    field(lines, "champion since", standing.championSince().map(Object::toString).orElse("-"));
    field(lines, "created at", version.createdAt());
    field(lines, "algorithm", version.algorithm());
    field(lines, "params", new TreeMap<>(version.params()));
    field(lines, "metric", version.metric());
    field(lines, "metrics", new TreeMap<>(version.metrics()));
    field(lines, "features", version.features());
    field(lines, "features dropped", new TreeMap<>(version.featuresDropped()));
    field(lines, "train rows", version.trainRows());
    field(lines, "test rows", version.testRows());
    field(lines, "inputs", new TreeMap<>(version.inputs()));
    field(lines, "config hash", version.configHash());
    field(lines, "code version", version.codeVersion());
    field(lines, "location", version.location());
    field(lines, "card", version.cardLocation() + "/index.html");
    lines.add("declaration:");
    lines.add(
        version.declaration().isEmpty()
            ? "  (not recorded)"
            : ConfigFactory.parseString(version.declaration())
                .root()
                .render(ConfigRenderOptions.concise().setFormatted(true).setJson(false))
                .strip()
                .indent(2)
                .stripTrailing());
    return lines;
  }

  private static String alias(Standing standing) {
    return standing.alias().map(Object::toString).orElse("-");
  }

  private static void field(List<String> lines, String name, Object value) {
    lines.add(String.format(Locale.ROOT, "%-17s %s", name + ":", value));
  }
}
