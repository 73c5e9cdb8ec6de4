package io.lakeml.jobs;

import io.lakeml.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes to locate the lake and override configuration. */
final class ConfigOptions {
  @Option(
      names = "--lake",
      paramLabel = "URI",
      description =
          "Lake root: a folder, file:///..., or s3a://bucket/prefix (default: $LAKE_ROOT or ./lake).")
  String lake;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one config key, e.g. --set models.flight_delay.params.max-iter=10 (repeatable; the last one wins).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description =
          "An extra HOCON file layered over the pipeline file; the last one wins (repeatable; the last one wins).")
  List<Path> confFiles = new ArrayList<>();

  @Option(
      names = "--verbose",
      description = "Print stack traces of errors and XGBoost's evaluation after every round.")
  boolean verbose;

  /** The load request for {@code pipelineFile} (null for commands without one). */
  ConfigLoader.Request request(Path pipelineFile) {
    List<String> all = new ArrayList<>(overrides);
    if (lake != null) {
      all.add("lakeml.lake.root=" + lake); // last, so --lake wins over --set lakeml.lake.root
    }
    return new ConfigLoader.Request(pipelineFile, confFiles, all);
  }
}
