package io.lakeml.ml.automl;

import java.util.List;

/**
 * One tried trial: its validation score and how long its fit took.
 *
 * @param trial the candidate and params
 * @param metric the metric it is ranked by
 * @param score its validation score (mean over folds with cross-validation)
 * @param foldScores the score on each fold (one without cross-validation)
 * @param fitSeconds the wall time of its fits and evaluation
 * @param rank 1 for the best
 */
public record LeaderboardEntry(
    Trial trial,
    String metric,
    double score,
    List<Double> foldScores,
    double fitSeconds,
    int rank) {
  public LeaderboardEntry {
    foldScores = List.copyOf(foldScores);
  }

  /** The same entry at another rank. */
  public LeaderboardEntry ranked(int newRank) {
    return new LeaderboardEntry(trial, metric, score, foldScores, fitSeconds, newRank);
  }
}
