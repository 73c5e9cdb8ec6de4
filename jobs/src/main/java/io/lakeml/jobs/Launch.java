package io.lakeml.jobs;

import com.typesafe.config.Config;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.run.JobContext;
import io.lakeml.run.WriterLock;
import io.lakeml.spark.Sessions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Start-up shared by every command: config read and checked whole, then Spark and the lake. */
final class Launch {
  private Launch() {}

  /** Typed settings and pipeline, or a configuration error before any Spark work. */
  record Plan(LakemlSettings settings, PipelineSpec pipeline) {}

  static Plan plan(ConfigOptions options, Path pipelineFile) {
    Config config = ConfigLoader.load(options.request(pipelineFile));
    return new Plan(LakemlSettings.from(config), PipelineSpec.from(config, pipelineFile));
  }

  /** The lake on a new session, with every existing table registered in the catalog. */
  static Lake lake(LakemlSettings settings) {
    Lake lake = new Lake(Sessions.create(settings), settings.lake());
    lake.registerAll();
    return lake;
  }

  static JobContext context(Plan plan, String runId, LocalDate runDate) {
    return new JobContext(lake(plan.settings()), plan.pipeline(), runId, runDate, version());
  }

  /**
   * The lake's writer lock for run {@code runId} of {@code command}, or an error naming the writer
   * holding it. Stages take it before Spark starts, so a refused writer costs no cluster resources.
   */
  static WriterLock lock(LakemlSettings settings, String runId, String command) {
    return WriterLock.acquire(
        Sessions.hadoopConfiguration(settings),
        settings.lake().writerLock(),
        WriterLock.Holder.of(command, runId, Instant.now(), settings.writerLease()));
  }

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  /** The lakeml version from the jar manifest, or "dev" when run from classes. */
  static String version() {
    String version = Launch.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .format(ZonedDateTime.now(ZoneOffset.UTC))
        + "-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
  }
}
