package io.lakeml.jobs;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.Snapshot;
import io.lakeml.delta.TableWrite;
import io.lakeml.ml.ModelRegistry;
import io.lakeml.ml.ModelVersion;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import io.lakeml.score.Scoring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * champion model + score table → gold.&lt;m&gt;_predictions; idempotent: overwrite, skipped when
 * model and input are unchanged.
 */
final class ScoreJob {
  private ScoreJob() {}

  static StageResult run(JobContext context) {
    Lake lake = context.lake();
    ModelRegistry registry = new ModelRegistry(lake);
    List<TableWrite> writes = new ArrayList<>();
    long rowsIn = 0;
    for (ModelSpec model : context.pipeline().models()) {
      ModelVersion version = registry.champion(model.name());
      Snapshot input = lake.snapshot(model.scoreTable(), "curate");
      Lineage lineage =
          new Lineage(
              Map.of(
                  "model:" + model.name(),
                  (long) version.version(),
                  model.scoreTable().toString(),
                  input.version()),
              model.configHash());
      if (lake.lineage(model.predictions()).equals(Optional.of(lineage))) {
        writes.add(lake.unchanged(model.predictions()));
        continue;
      }
      rowsIn += input.rows().count();
      Dataset<Row> scored =
          Scoring.score(
              PipelineModel.load(version.pipelineLocation()),
              input.rows(),
              model.task(),
              version.version(),
              context.runId());
      writes.add(lake.overwrite(model.predictions(), scored, List.of(), lineage));
    }
    return StageResult.of("score", rowsIn, writes, Map.of());
  }
}
