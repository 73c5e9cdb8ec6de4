package io.lakeml.ml.card;

import java.util.Map;

/**
 * One candidate tried during model selection, as the card's leaderboard shows it.
 *
 * @param candidate the candidate's name, e.g. {@code gbt}
 * @param params its params
 * @param metric the metric it was ranked by
 * @param score its value of that metric
 * @param fitSeconds how long it took to fit
 */
public record LeaderboardEntry(
    String candidate, Map<String, String> params, String metric, double score, double fitSeconds) {
  public LeaderboardEntry {
    params = Map.copyOf(params);
  }
}
