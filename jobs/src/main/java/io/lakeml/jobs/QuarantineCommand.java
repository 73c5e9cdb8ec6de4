package io.lakeml.jobs;

import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.quality.QualityLog;
import io.lakeml.refine.Replay;
import io.lakeml.run.JobContext;
import io.lakeml.run.RunLog;
import io.lakeml.run.StageResult;
import io.lakeml.run.WriterLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** silver.&lt;t&gt;_quarantine → silver.&lt;t&gt; for rows that pass today's rules; idempotent. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = "Work with the rows a silver table's rules set aside.",
    subcommands = {QuarantineCommand.ReplayCommand.class})
final class QuarantineCommand {

  /** {@code lakeml quarantine replay PIPELINE TABLE}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Re-check quarantined rows with the current rules; move those that pass into silver.")
  static final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline file.")
    Path pipeline;

    @Parameters(
        index = "1",
        paramLabel = "TABLE",
        description = "The silver table, e.g. silver.flights.")
    String table;

    @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", description = "Default: today, UTC.")
    LocalDate runDate;

    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Launch.Plan plan = Launch.plan(options, pipeline);
      TableId id = TableId.parse(table.contains(".") ? table : "silver." + table);
      SilverTableSpec silver =
          plan.pipeline().silverTables().stream()
              .filter(candidate -> candidate.id().equals(id))
              .findFirst()
              .orElseThrow(
                  () ->
                      LakeErrors.configInvalid(
                          pipeline.toString(),
                          "tables.silver." + id.name(),
                          "a silver table the pipeline declares",
                          id.toString()));
      Instant started = Instant.now();
      String runId = Launch.newRunId();
      try (WriterLock lock = Launch.lock(plan.settings(), runId, "quarantine replay")) {
        JobContext context =
            Launch.context(plan, runId, runDate == null ? Launch.today() : runDate);
        try {
          return replay(context, silver, started);
        } finally {
          context.lake().spark().stop();
        }
      }
    }

    private int replay(JobContext context, SilverTableSpec silver, Instant started) {
      Map<String, String> details = new LinkedHashMap<>();
      StageResult result =
          RunLog.record(
              context,
              "replay",
              () -> {
                List<TableWrite> writes =
                    Replay.replay(
                        context.lake(),
                        silver,
                        context.runId(),
                        context.runDate(),
                        report -> {
                          QualityLog.append(context, silver.id(), report);
                          details.putAll(Summary.quality(silver.id(), report));
                        });
                return StageResult.of("replay", 0, writes, details);
              });
      Summary.print(
          spec.commandLine().getOut(),
          context,
          List.of(result),
          Duration.between(started, Instant.now()));
      return 0;
    }
  }
}
