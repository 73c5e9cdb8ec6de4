package io.lakeml.jobs;

import io.lakeml.run.JobContext;
import io.lakeml.run.StageResult;
import java.util.Locale;
import java.util.function.Function;

/** The pipeline's stages, in the order {@code run} executes them. */
enum Stage {
  INGEST(IngestJob::run, "raw files -> bronze tables"),
  REFINE(RefineJob::run, "bronze -> silver: typed, deduplicated, merged by key"),
  CURATE(CurateJob::run, "silver -> gold tables declared as SQL"),
  TRAIN(TrainJob::run, "gold -> a new model version in models/ and _lakeml/registry"),
  SCORE(ScoreJob::run, "champion model -> gold.<model>_predictions");

  private final Function<JobContext, StageResult> job;
  private final String description;

  Stage(Function<JobContext, StageResult> job, String description) {
    this.job = job;
    this.description = description;
  }

  /** The command name. */
  String command() {
    return name().toLowerCase(Locale.ROOT);
  }

  String description() {
    return description;
  }

  StageResult run(JobContext context) {
    return job.apply(context);
  }
}
