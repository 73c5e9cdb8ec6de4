package io.lakeml.jobs;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Snapshot;
import io.lakeml.ml.ModelRegistry;
import io.lakeml.ml.ModelTrainer;
import io.lakeml.ml.ModelVersion;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * gold table → models/&lt;m&gt;/v&lt;N&gt; + _lakeml/registry; idempotent: no new version for the
 * same inputs and config.
 */
final class TrainJob {
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
      ModelVersion version =
          existing.orElseGet(
              () ->
                  ModelTrainer.train(
                      lake,
                      model,
                      table,
                      registry.nextVersion(model.name()),
                      context.codeVersion()));
      if (existing.isEmpty()) {
        rowsIn += version.trainRows() + version.testRows();
      }
      details.put(
          "model " + model.name(),
          String.format(
              "v%d%s, %s, held-out %s (train %d rows, test %d rows); %s: %s",
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
    }
    return StageResult.of("train", rowsIn, List.of(), details);
  }
}
