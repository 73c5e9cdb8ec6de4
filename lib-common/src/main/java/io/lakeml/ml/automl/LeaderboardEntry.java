package io.lakeml.ml.automl;

/**
 * One tried trial: its validation score and how long its fit took.
 *
 * @param trial the candidate and params
 * @param metric the metric it is ranked by
 * @param score its validation score (mean over folds with cross-validation)
 * @param fitSeconds the wall time of its fits and evaluation
 * @param rank 1 for the best
 */
public record LeaderboardEntry(
    Trial trial, String metric, double score, double fitSeconds, int rank) {
  /** The same entry at another rank. */
  public LeaderboardEntry ranked(int newRank) {
    return new LeaderboardEntry(trial, metric, score, fitSeconds, newRank);
  }
}
