package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How candidates are searched ({@code models.<name>.automl}).
 *
 * @param candidates the algorithms tried
 * @param search random (sampled params) or grid (every combination, in order)
 * @param trials the most parameter sets tried over all candidates
 * @param folds k-fold cross-validation when at least 2; else one validation split
 * @param validationFraction the share of training rows a trial is validated on (without folds)
 * @param budget the time the whole train stage of this model may take
 * @param metric what the leaderboard ranks by
 * @param sampleRows trials fit on at most this many training rows (0: all); the winner is refit on
 *     every training row
 * @param classWeights weight classes inversely to their frequency (classification)
 * @param parallelism trials fitted at the same time
 * @param earlyStoppingRounds when positive, XGBoost and GBT trials stop early on a share of their
 *     fit rows (XGBoost after this many rounds without improvement); 0 turns it off
 * @param checks the sanity checks before training
 */
public record AutoMlSpec(
    List<Algorithm> candidates,
    Search search,
    int trials,
    int folds,
    double validationFraction,
    Duration budget,
    Metric metric,
    long sampleRows,
    boolean classWeights,
    int parallelism,
    int earlyStoppingRounds,
    Checks checks) {
  public AutoMlSpec {
    candidates = List.copyOf(candidates);
  }

  /** How parameter sets are drawn. */
  public enum Search {
    RANDOM,
    GRID;

    @Override
    public String toString() {
      return ConfigReader.kebab(this);
    }
  }

  /**
   * The sanity checks' thresholds.
   *
   * @param enforce drop the features a check flags (else only report them)
   * @param leakScore a single feature whose AUC (classification) or R² (regression) alone reaches
   *     this is a leak
   * @param duplicateCorrelation numeric features correlated at least this much are duplicates
   * @param idRatio a string or whole-number column with at least this share of distinct values is
   *     an id
   * @param sampleRows the leak and duplicate checks run on at most this many training rows (0: all)
   */
  public record Checks(
      boolean enforce,
      double leakScore,
      double duplicateCorrelation,
      double idRatio,
      int sampleRows) {}

  static AutoMlSpec from(ConfigReader model, Task task) {
    ConfigReader automl = model.child("automl");
    List<Algorithm> candidates = new ArrayList<>();
    if (automl.has("candidates")) {
      String expected = "algorithms for " + ConfigReader.kebab(task);
      for (String name : automl.stringList("candidates", "algorithm names")) {
        Algorithm algorithm =
            List.of(Algorithm.values()).stream()
                .filter(candidate -> candidate.toString().equals(name))
                .findFirst()
                .filter(candidate -> candidate.supports(task))
                .orElseThrow(
                    () ->
                        LakeErrors.configInvalid(
                            automl.location("candidates"),
                            automl.fullPath("candidates"),
                            expected + ": " + supported(task),
                            "'" + name + "'"));
        candidates.add(algorithm);
      }
      if (candidates.isEmpty()) {
        throw LakeErrors.configInvalid(
            automl.location("candidates"), automl.fullPath("candidates"), expected, "[]");
      }
    } else {
      candidates.addAll(supported(task));
    }
    Metric metric =
        automl.has("metric") ? automl.enumValue("metric", Metric.class) : Metric.defaultFor(task);
    if (!metric.supports(task)) {
      throw LakeErrors.configInvalid(
          automl.location("metric"),
          automl.fullPath("metric"),
          "a metric of " + ConfigReader.kebab(task),
          metric.toString());
    }
    double minutes = automl.number("max-minutes", 0.05, 24 * 60);
    ConfigReader checks = model.child("checks");
    return new AutoMlSpec(
        candidates,
        automl.enumValue("search", Search.class),
        automl.integer("trials", 1, 10_000),
        automl.integer("folds", 0, 20),
        automl.number("validation-fraction", 0.05, 0.5),
        Duration.ofMillis(Math.round(minutes * 60_000)),
        metric,
        automl.integer("sample-rows", 0, Integer.MAX_VALUE),
        automl.bool("class-weights"),
        automl.integer("parallelism", 1, 64),
        automl.integer("early-stopping-rounds", 0, 1000),
        new Checks(
            checks.bool("enforce"),
            checks.number("leak-score", 0.5, 1),
            checks.number("duplicate-correlation", 0.5, 1),
            checks.number("id-ratio", 0.5, 1),
            checks.integer("sample-rows", 0, Integer.MAX_VALUE)));
  }

  /** Every algorithm for {@code task}, the default candidates. */
  private static List<Algorithm> supported(Task task) {
    return List.of(Algorithm.values()).stream().filter(a -> a.supports(task)).toList();
  }
}
