package io.lakeml.ml.automl;

import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.AutoMlSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The params each candidate is tried with. The first trial of every candidate takes the middle of
 * each range, a sound default; random search then draws values at random, grid search walks every
 * combination; candidates take turns, so a short budget still tries each of them. With early
 * stopping, XGBoost's rounds are one high cap that stopping trims, not a searched param.
 */
public final class SearchSpace {
  private SearchSpace() {}

  /**
   * The values tried per param of {@code algorithm}, by MLlib param name, for trials that stop
   * early or not.
   */
  public static Map<String, List<String>> of(Algorithm algorithm, boolean stopsEarly) {
    Map<String, List<String>> space = new LinkedHashMap<>();
    switch (algorithm) {
      case LOGISTIC_REGRESSION, LINEAR_REGRESSION -> {
        space.put("regParam", List.of("0.0", "0.001", "0.01", "0.1"));
        space.put("elasticNetParam", List.of("0.0", "0.5", "1.0"));
        space.put("maxIter", List.of("100"));
      }
      case RANDOM_FOREST -> {
        space.put("numTrees", List.of("20", "50", "100"));
        space.put("maxDepth", List.of("6", "8", "10"));
        space.put("minInstancesPerNode", List.of("1", "10", "50"));
      }
      case GBT -> {
        space.put("maxIter", List.of("20", "40", "80"));
        space.put("maxDepth", List.of("4", "6", "8"));
        space.put("stepSize", List.of("0.05", "0.1", "0.2"));
      }
      case XGBOOST -> {
        // Stopping early, the rounds are a cap: the held rows decide how many a trial uses.
        space.put("numRound", stopsEarly ? List.of("1000") : List.of("100", "200", "400"));
        space.put("max_depth", List.of("4", "6", "8", "10"));
        space.put("eta", List.of("0.05", "0.1", "0.2"));
        space.put("min_child_weight", List.of("1", "5", "20"));
        space.put("subsample", List.of("0.8", "1.0"));
        space.put("colsample_bytree", List.of("0.8", "1.0"));
      }
    }
    return space;
  }

  /** The trials of a search over {@code automl}'s candidates, at most {@code automl.trials()}. */
  public static List<Trial> trials(AutoMlSpec automl, long seed) {
    List<List<Map<String, String>>> perCandidate = new ArrayList<>();
    Random random = new Random(seed);
    for (Algorithm algorithm : automl.candidates()) {
      Map<String, List<String>> space = of(algorithm, automl.earlyStoppingRounds() > 0);
      Set<Map<String, String>> sets = new LinkedHashSet<>();
      sets.add(middle(space));
      if (automl.search() == AutoMlSpec.Search.GRID) {
        sets.addAll(grid(space));
      } else {
        int combinations = grid(space).size();
        while (sets.size() < Math.min(automl.trials(), combinations)) {
          sets.add(draw(space, random));
        }
      }
      perCandidate.add(new ArrayList<>(sets));
    }
    List<Trial> trials = new ArrayList<>();
    for (int round = 0; trials.size() < automl.trials(); round++) {
      boolean added = false;
      for (int index = 0; index < perCandidate.size(); index++) {
        List<Map<String, String>> sets = perCandidate.get(index);
        if (round < sets.size() && trials.size() < automl.trials()) {
          trials.add(new Trial(trials.size() + 1, automl.candidates().get(index), sets.get(round)));
          added = true;
        }
      }
      if (!added) {
        break;
      }
    }
    return trials;
  }

  private static Map<String, String> middle(Map<String, List<String>> space) {
    Map<String, String> params = new LinkedHashMap<>();
    space.forEach((name, values) -> params.put(name, values.get(values.size() / 2)));
    return params;
  }

  private static Map<String, String> draw(Map<String, List<String>> space, Random random) {
    Map<String, String> params = new LinkedHashMap<>();
    space.forEach((name, values) -> params.put(name, values.get(random.nextInt(values.size()))));
    return params;
  }

  private static List<Map<String, String>> grid(Map<String, List<String>> space) {
    List<Map<String, String>> grid = new ArrayList<>();
    grid.add(new LinkedHashMap<>());
    space.forEach(
        (name, values) -> {
          List<Map<String, String>> next = new ArrayList<>();
          for (Map<String, String> partial : grid) {
            for (String value : values) {
              Map<String, String> extended = new LinkedHashMap<>(partial);
              extended.put(name, value);
              next.add(extended);
            }
          }
          grid.clear();
          grid.addAll(next);
        });
    return grid;
  }
}
