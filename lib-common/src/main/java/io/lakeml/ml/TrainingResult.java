package io.lakeml.ml;

import io.lakeml.ml.automl.LeaderboardEntry;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.FeatureIssue;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything one training produced, for the registry, the model card and the train summary.
 *
 * @param version the registered version
 * @param model the fitted pipeline (feature stages + the champion estimator), as saved
 * @param testPredictions the pipeline's output on the test rows: {@code _label}, {@code
 *     prediction}, {@code probability} (classification) and the feature columns
 * @param metrics test metrics (as in the version)
 * @param importances importance of each feature slot, summing to 1, when the estimator has them
 * @param leaderboard every tried trial, best first
 * @param features the features kept, with their types
 * @param issues what the sanity checks found, dropped features included
 * @param skippedTrials trials not tried because of the budget
 * @param seconds the wall time the budget governs: profiling, checks, search, the refit and the
 *     test evaluation (saving, the model card and promotion follow it)
 */
public record TrainingResult(
    ModelVersion version,
    PipelineModel model,
    Dataset<Row> testPredictions,
    Map<String, Double> metrics,
    Map<String, Double> importances,
    List<LeaderboardEntry> leaderboard,
    List<ColumnProfile> features,
    List<FeatureIssue> issues,
    int skippedTrials,
    double seconds) {
  public TrainingResult {
    metrics = Map.copyOf(metrics);
    importances = Map.copyOf(importances);
    leaderboard = List.copyOf(leaderboard);
    features = List.copyOf(features);
    issues = List.copyOf(issues);
  }
}
