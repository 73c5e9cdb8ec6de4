package io.lakeml.ml.automl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import io.lakeml.ml.Splits;
import io.lakeml.ml.Training;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.FeatureStages;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.AutoMlSpec;
import io.lakeml.pipeline.Metric;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the trials of a model's search on its training rows (a sample of them when {@code
 * sample-rows} says so), each validated on held-out rows or by k-fold cross-validation, up to
 * {@code parallelism} at a time, while the budget leaves room for the trial and the final refit.
 * The feature stages are fitted once per vector shape and shared by the trials that use it.
 */
public final class Search {
  private static final Logger LOG = LoggerFactory.getLogger(Search.class);
  private static final String FOLD = "_fold";

  private final ModelSpec spec;
  private final List<ColumnProfile> features;
  private final long maxCategories;
  private final int workers;
  private final Budget budget;
  private final double refitScale;
  // The work after the search (refit aside) is about the work before it: profiling and checks
  // then, evaluation and writes after.
  private final double overheadSeconds;
  private final Dataset<Row> rows;
  private final Map<FeatureStages.Shape, Featurized> featurized =
      new EnumMap<>(FeatureStages.Shape.class);
  private final List<Result> results = new ArrayList<>();
  private Result best;
  private int skipped;

  /**
   * The outcome of a search.
   *
   * @param leaderboard every tried trial, best first
   * @param best the winning trial as it is refit: with early stopping, the rounds it used scaled by
   *     the refit's rows over its own, at most its maximum
   * @param threshold the probability threshold with the best validation F1 (classification)
   * @param skipped trials not tried because the budget would not allow them
   */
  public record Outcome(
      List<LeaderboardEntry> leaderboard, Trial best, double threshold, int skipped) {}

  private record Featurized(FeatureStages.Built built, Dataset<Row> vectors, double seconds) {}

  /**
   * A tried trial: its params as fitted (with the rounds early stopping used), as the winner would
   * be refit (those rounds scaled to every training row), and its scores.
   */
  private record Result(
      Trial trial,
      Trial refit,
      double score,
      List<Double> foldScores,
      double seconds,
      double fitSeconds,
      Model<?> model,
      Dataset<Row> validation) {}

  private Search(
      ModelSpec spec,
      Dataset<Row> train,
      long trainRows,
      List<ColumnProfile> features,
      long maxCategories,
      int workers,
      Budget budget) {
    this.spec = spec;
    this.features = features;
    this.maxCategories = maxCategories;
    this.workers = workers;
    this.budget = budget;
    this.overheadSeconds = budget.elapsedSeconds();
    AutoMlSpec automl = spec.automl();
    Dataset<Row> sample = Splits.atMost(train, trainRows, automl.sampleRows(), spec.seed());
    long sampled = sample == train ? trainRows : automl.sampleRows();
    int folds = Math.max(automl.folds(), 1);
    double fitShare = folds > 1 ? (folds - 1.0) / folds : 1 - automl.validationFraction();
    this.refitScale = Math.max(1.0, trainRows / Math.max(1.0, sampled * fitShare));
    Dataset<Row> assigned =
        folds > 1
            ? sample.withColumn(FOLD, rand(spec.seed()).multiply(folds).cast("int"))
            : sample.withColumn(
                FOLD, rand(spec.seed()).lt(automl.validationFraction()).cast("int"));
    this.rows =
        automl.earlyStoppingRounds() > 0
            ? assigned.withColumn(
                EarlyStopping.COLUMN, rand(spec.seed() + 1).lt(EarlyStopping.SHARE))
            : assigned;
  }

  /** Runs the search of {@code spec} over {@code train} ({@code trainRows} rows). */
  public static Outcome run(
      ModelSpec spec,
      Dataset<Row> train,
      long trainRows,
      List<ColumnProfile> features,
      long maxCategories,
      int workers,
      Budget budget) {
    Search search = new Search(spec, train, trainRows, features, maxCategories, workers, budget);
    try {
      return search.run(SearchSpace.trials(spec.automl(), spec.seed()));
    } finally {
      search.featurized.values().forEach(f -> f.vectors().unpersist());
    }
  }

  private Outcome run(List<Trial> trials) {
    int parallelism = spec.automl().parallelism();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      ExecutorCompletionService<Result> done = new ExecutorCompletionService<>(pool);
      int running = 0;
      for (Trial trial : trials) {
        if (running == parallelism) {
          record(done.take().get());
          running--;
        }
        if (!results.isEmpty() || running > 0) {
          if (!budget.fits(expectedSeconds(trial) + refitSeconds(trial))) {
            skipped++;
            continue;
          }
        }
        shape(trial.algorithm());
        done.submit(() -> fit(trial));
        running++;
      }
      for (; running > 0; running--) {
        record(done.take().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while searching", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Metric metric = spec.automl().metric();
    Comparator<Result> order = Comparator.comparingDouble(Result::score);
    List<Result> ranked =
        results.stream().sorted(metric.largerIsBetter() ? order.reversed() : order).toList();
    List<LeaderboardEntry> leaderboard = new ArrayList<>();
    for (Result result : ranked) {
      leaderboard.add(
          new LeaderboardEntry(
              result.trial(),
              metric.key(),
              result.score(),
              result.foldScores(),
              result.seconds(),
              leaderboard.size() + 1));
    }
    double threshold =
        spec.task() == Task.BINARY_CLASSIFICATION
            ? Training.bestThreshold(best.model().transform(best.validation()))
            : Double.NaN;
    return new Outcome(leaderboard, best.refit(), threshold, skipped);
  }

  private synchronized void record(Result result) {
    results.add(result);
    boolean larger = spec.automl().metric().largerIsBetter();
    if (best == null || (larger ? result.score() > best.score() : result.score() < best.score())) {
      best = result;
    }
    LOG.info(
        "Trial {} {} {}: {} = {}{} in {} s{}",
        result.trial().number(),
        result.trial().algorithm(),
        result.trial().paramsJson(),
        spec.automl().metric(),
        result.score(),
        result.foldScores().size() > 1 ? " (mean of folds " + result.foldScores() + ")" : "",
        String.format("%.1f", result.seconds()),
        result.refit().equals(result.trial()) ? "" : "; refit as " + result.refit().paramsJson());
  }

  private Result fit(Trial trial) {
    long start = System.nanoTime();
    Featurized vectors = shape(trial.algorithm());
    int folds = Math.max(spec.automl().folds(), 1);
    int stopAfter = spec.automl().earlyStoppingRounds();
    boolean stopping = stopAfter > 0 && EarlyStopping.supports(trial.algorithm());
    List<Double> scores = new ArrayList<>();
    int rounds = 0;
    double fitSeconds = 0;
    Model<?> model = null;
    Dataset<Row> validation = null;
    for (int fold = 0; fold < folds; fold++) {
      int held = folds > 1 ? fold : 1;
      Dataset<Row> fitRows = vectors.vectors().where(col(FOLD).notEqual(held));
      validation = vectors.vectors().where(col(FOLD).equalTo(held));
      long fitStart = System.nanoTime();
      Predictor<?, ?, ?> estimator =
          Training.estimator(
              trial, spec, vectors.built(), maxCategories, spec.automl().classWeights(), workers);
      if (stopping) {
        model = EarlyStopping.fit(trial.algorithm(), estimator, fitRows, stopAfter);
        rounds += EarlyStopping.roundsUsed(model);
      } else {
        model = (Model<?>) estimator.fit(fitRows);
      }
      fitSeconds += (System.nanoTime() - fitStart) / 1e9;
      scores.add(
          Training.evaluate(model.transform(validation), spec.task())
              .get(spec.automl().metric().key()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    if (!stopping) {
      return new Result(trial, trial, mean, scores, seconds, fitSeconds / folds, model, validation);
    }
    int used = (int) Math.ceil((double) rounds / folds);
    return new Result(
        EarlyStopping.withRounds(trial, used),
        EarlyStopping.refit(trial, used, refitScale / (1 - EarlyStopping.SHARE)),
        mean,
        scores,
        seconds,
        fitSeconds / folds,
        model,
        validation);
  }

  /** The feature vectors of the shape {@code algorithm} wants, fitted on first use. */
  private synchronized Featurized shape(Algorithm algorithm) {
    return featurized.computeIfAbsent(
        FeatureStages.shape(algorithm),
        key -> {
          long start = System.nanoTime();
          FeatureStages.Built built =
              FeatureStages.build(
                  rows.schema(),
                  features,
                  spec.features().crosses(),
                  Set.copyOf(spec.features().optional()),
                  Training.LABEL,
                  key);
          PipelineModel model =
              new Pipeline().setStages(built.stages().toArray(PipelineStage[]::new)).fit(rows);
          List<String> kept = new ArrayList<>(List.of(built.vector(), Training.LABEL, FOLD));
          for (String optional : List.of(Training.WEIGHT, EarlyStopping.COLUMN)) {
            if (List.of(rows.columns()).contains(optional)) {
              kept.add(optional);
            }
          }
          Dataset<Row> vectors =
              model
                  .transform(rows)
                  .selectExpr(kept.toArray(String[]::new))
                  .persist(StorageLevel.MEMORY_AND_DISK());
          vectors.count();
          return new Featurized(built, vectors, (System.nanoTime() - start) / 1e9);
        });
  }

  /**
   * How long {@code trial} should take: the mean of the tried trials of its algorithm, or the
   * longest trial so far for an algorithm not tried yet.
   */
  private synchronized double expectedSeconds(Trial trial) {
    double same =
        results.stream()
            .filter(result -> result.trial().algorithm() == trial.algorithm())
            .mapToDouble(Result::seconds)
            .average()
            .orElse(results.stream().mapToDouble(Result::seconds).max().orElse(0));
    return featurized.containsKey(FeatureStages.shape(trial.algorithm()))
        ? same
        : same + featurizeSeconds();
  }

  /**
   * The time left work takes if the best is {@code trial} or the best so far: its refit on every
   * training row, then evaluation and writes.
   */
  private synchronized double refitSeconds(Trial trial) {
    double fit = best == null ? 0 : best.fitSeconds();
    for (Result result : results) {
      if (result.trial().algorithm() == trial.algorithm()) {
        fit = Math.max(fit, result.fitSeconds());
      }
    }
    return (fit + featurizeSeconds()) * refitScale + overheadSeconds;
  }

  private double featurizeSeconds() {
    return featurized.values().stream().mapToDouble(Featurized::seconds).max().orElse(0);
  }
}
