package io.lakeml.jobs;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Snapshot;
import io.lakeml.ml.ModelRegistry;
import io.lakeml.ml.ModelTrainer;
import io.lakeml.ml.ModelVersion;
import io.lakeml.ml.TrainingResult;
import io.lakeml.ml.automl.Leaderboard;
import io.lakeml.ml.features.FeatureIssue;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * gold table → models/&lt;m&gt;/v&lt;N&gt; + _lakeml/registry + _lakeml/leaderboard; idempotent: no
 * new version for the same inputs and config.
 */
final class TrainJob {
  private static final int LEADERBOARD_LINES = 5;
  private static final String INDENT = System.lineSeparator() + " ".repeat(11);

  private TrainJob() {}

  static StageResult run(JobContext context) {
    Lake lake = context.lake();
    ModelRegistry registry = new ModelRegistry(lake);
    Map<String, String> details = new LinkedHashMap<>();
    long rowsIn = 0;
    for (ModelSpec model : context.pipeline().models()) {
      Snapshot table = lake.snapshot(model.table(), "curate");
      Map<String, Long> inputs = Map.of(model.table().toString(), table.version());
      Optional<ModelVersion> existing =
          registry.trainedFrom(model.name(), inputs, model.configHash());
      Optional<TrainingResult> trained =
          existing.isPresent()
              ? Optional.empty()
              : Optional.of(
                  ModelTrainer.train(
                      lake,
                      model,
                      table,
                      registry.nextVersion(model.name()),
                      context.codeVersion(),
                      context.runId()));
      ModelVersion version = trained.map(TrainingResult::version).orElseGet(existing::get);
      rowsIn += trained.map(t -> t.version().trainRows() + t.version().testRows()).orElse(0L);
      details.put(
          "model " + model.name(),
          String.format(
              "v%d%s, %s, test %s (train %d rows, test %d rows); %s: %s",
              version.version(),
              existing.isPresent() ? " (up to date)" : "",
              version.algorithm(),
              Summary.metrics(new TreeMap<>(version.metrics())),
              version.trainRows(),
              version.testRows(),
              version
                  .standing()
                  .alias()
                  .map(Object::toString)
                  .orElse(version.standing().status().toString()),
              version.standing().decision()));
      trained.ifPresent(result -> describe(model.name(), result, details));
    }
    return StageResult.of("train", rowsIn, List.of(), details);
  }

  private static void describe(String model, TrainingResult result, Map<String, String> details) {
    List<String> issues = result.issues().stream().map(FeatureIssue::describe).toList();
    details.put(
        "features " + model,
        result.features().size()
            + " kept"
            + (issues.isEmpty() ? "" : INDENT + String.join(INDENT, issues)));
    details.put(
        "leaderboard " + model,
        String.format(
            "%d trials in %.0f s%s%s",
            result.leaderboard().size(),
            result.seconds(),
            result.skippedTrials() > 0
                ? ", " + result.skippedTrials() + " skipped for the budget"
                : "",
            INDENT
                + String.join(
                    INDENT, Leaderboard.format(result.leaderboard(), LEADERBOARD_LINES))));
  }
}
