package io.lakeml.ml;

import io.lakeml.errors.LakeErrors;
import io.lakeml.pipeline.Task;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides where a newly registered version stands: the first version of a model becomes champion; a
 * later one becomes champion only if it beats the current champion on the new version's own
 * held-out rows (the champion's saved pipeline is applied to them and scored with the same metric)
 * by the model's {@code min-improvement}, else it becomes the challenger. The margin keeps a
 * retrained version that only differs by noise (Spark's binned AUC moves in the sixth decimal) from
 * replacing an equal champion.
 */
public final class Promotion {
  private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "log_loss");

  private Promotion() {}

  /**
   * Whether {@code candidate} is strictly better than {@code incumbent} by {@code metric}, by at
   * least {@code minImprovement} times the incumbent's score.
   */
  public static boolean beats(
      String metric, double candidate, double incumbent, double minImprovement) {
    double gain = LOWER_IS_BETTER.contains(metric) ? incumbent - candidate : candidate - incumbent;
    return gain > 0 && gain >= minImprovement * Math.abs(incumbent);
  }

  /**
   * Promotes {@code candidate} or makes it the challenger, and returns it with its new standing.
   * {@code test} is the candidate's held-out rows as its pipeline saw them (features and {@code
   * _label}); {@code minImprovement} is the share of the champion's score it must gain.
   */
  public static ModelVersion decide(
      ModelRegistry registry,
      ModelVersion candidate,
      Dataset<Row> test,
      Task task,
      double minImprovement) {
    String model = candidate.model();
    Optional<ModelVersion> champion = registry.findChampion(model);
    if (champion.isEmpty()) {
      return registry.promote(model, candidate.version(), "first version of the model");
    }
    ModelVersion incumbent = champion.get();
    String metric = candidate.metric();
    double score = candidate.score();
    double incumbentScore;
    try {
      PipelineModel pipeline = PipelineModel.load(incumbent.pipelineLocation());
      if (task == Task.MULTICLASS_CLASSIFICATION) {
        // Same classes, same indexes (they are sorted); other classes cannot be compared.
        List<String> classes = Training.classes(test.schema());
        Transformer last = pipeline.stages()[pipeline.stages().length - 1];
        List<String> incumbentClasses =
            last instanceof IndexToString named ? List.of(named.getLabels()) : List.of();
        if (!incumbentClasses.equals(classes)) {
          return registry.challenge(
              model,
              candidate.version(),
              String.format(
                  "not compared: champion v%d predicts the classes %s, v%d %s; promote it"
                      + " explicitly",
                  incumbent.version(), incumbentClasses, candidate.version(), classes));
        }
      }
      incumbentScore = Training.evaluate(pipeline.transform(test), task).get(metric);
    } catch (Exception e) { // Spark's AnalysisException (a column it needs) arrives undeclared.
      return registry.challenge(
          model,
          candidate.version(),
          String.format(
              "not compared: champion v%d cannot score v%d's test rows (%s); promote it"
                  + " explicitly",
              incumbent.version(), candidate.version(), LakeErrors.rootMessage(e)));
    }
    String comparison =
        String.format(
            Locale.ROOT,
            "%s %.4f vs %.4f on v%d's %d test rows",
            metric,
            score,
            incumbentScore,
            candidate.version(),
            candidate.testRows());
    if (beats(metric, score, incumbentScore, minImprovement)) {
      return registry.promote(
          model, candidate.version(), "beats v" + incumbent.version() + ": " + comparison);
    }
    String margin =
        minImprovement > 0
            ? " by "
                + BigDecimal.valueOf(minImprovement)
                    .movePointRight(2)
                    .stripTrailingZeros()
                    .toPlainString()
                + "%"
            : "";
    return registry.challenge(
        model,
        candidate.version(),
        "does not beat champion v" + incumbent.version() + margin + ": " + comparison);
  }
}
