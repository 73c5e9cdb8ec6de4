package io.lakeml.jobs;

import io.lakeml.run.JobContext;
import io.lakeml.run.RunLog;
import io.lakeml.run.StageResult;
import io.lakeml.run.WriterLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one stage, or all of them in order ({@code run}), and prints the summary. */
class StageCommand implements Callable<Integer> {
  private final List<Stage> stages;

  @Parameters(
      index = "0",
      paramLabel = "PIPELINE",
      description = "The pipeline file, e.g. conf/pipelines/flights.conf.")
  Path pipeline;

  @Option(
      names = "--run-date",
      paramLabel = "YYYY-MM-DD",
      description = "The logical date of the run, recorded in _lakeml/runs (default: today, UTC).")
  LocalDate runDate;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  StageCommand(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  @Override
  public Integer call() {
    Launch.Plan plan = Launch.plan(options, pipeline);
    Instant started = Instant.now();
    String runId = Launch.newRunId();
    try (WriterLock lock = Launch.lock(plan.settings(), runId, spec.name())) {
      JobContext context = Launch.context(plan, runId, runDate == null ? Launch.today() : runDate);
      try {
        List<StageResult> results = new ArrayList<>();
        for (Stage stage : stages) {
          results.add(RunLog.record(context, stage.command(), () -> stage.run(context)));
        }
        Summary.print(
            spec.commandLine().getOut(),
            context,
            results,
            Duration.between(started, Instant.now()));
        return 0;
      } finally {
        context.lake().spark().stop();
      }
    }
  }
}
