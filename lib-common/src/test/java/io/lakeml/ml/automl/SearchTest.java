package io.lakeml.ml.automl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.Training;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.TypeDetection;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.AutoMlSpec;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestSpark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search's validation, early stopping and parallel trials, on 300 rows with a noisy label:
 * boosting soon stops improving.
 */
class SearchTest {
  private static final TableId TABLE = new TableId(Layer.GOLD, "points");
  private static Dataset<Row> train;
  private static List<ColumnProfile> features;

  @BeforeAll
  static void prepare() {
    train =
        Training.prepare(
                Learnable.noisy(300, 41, 0.3, 0.5),
                List.of("x", "segment"),
                "label",
                Task.BINARY_CLASSIFICATION)
            .cache();
    features = TypeDetection.detect(train, List.of("x", "segment"), java.util.Map.of(), 64, 0.9);
  }

  @AfterAll
  static void release() {
    train.unpersist();
  }

  @Test
  void earlyStoppingEndsBoostingBeforeItsMaximumAndTheLeaderboardKeepsTheRoundsUsed() {
    AutoMlSpec automl =
        Learnable.automl(
            Task.BINARY_CLASSIFICATION,
            List.of(Algorithm.XGBOOST, Algorithm.GBT),
            2,
            0,
            1,
            5,
            false);
    List<Trial> planned = SearchSpace.trials(automl, 7);

    Search.Outcome outcome = search(automl);

    assertThat(outcome.leaderboard()).hasSize(2);
    for (LeaderboardEntry entry : outcome.leaderboard()) {
      Algorithm algorithm = entry.trial().algorithm();
      String rounds = EarlyStopping.roundsParam(algorithm);
      int maximum = Integer.parseInt(planned.get(entry.trial().number() - 1).params().get(rounds));
      assertThat(Integer.parseInt(entry.trial().params().get(rounds)))
          .as("%s %s", algorithm, rounds)
          .isPositive()
          .isLessThan(maximum);
    }
    // The winner is refit with its rounds scaled to every training row, at most its maximum.
    LeaderboardEntry winner = outcome.leaderboard().get(0);
    String rounds = EarlyStopping.roundsParam(winner.trial().algorithm());
    assertThat(Integer.parseInt(outcome.best().params().get(rounds)))
        .isGreaterThan(Integer.parseInt(winner.trial().params().get(rounds)))
        .isLessThanOrEqualTo(
            Integer.parseInt(planned.get(winner.trial().number() - 1).params().get(rounds)));
  }

  @Test
  void kFoldCrossValidationScoresEachFoldAndRanksByTheirMeanWithoutEarlyStopping() {
    AutoMlSpec automl =
        Learnable.automl(Task.BINARY_CLASSIFICATION, List.of(Algorithm.XGBOOST), 1, 3, 1, 0, false);

    Search.Outcome outcome = search(automl);

    LeaderboardEntry entry = outcome.leaderboard().get(0);
    assertThat(entry.foldScores())
        .hasSize(3)
        .allSatisfy(score -> assertThat(score).isBetween(0.6, 1.0));
    assertThat(entry.score())
        .isCloseTo(
            entry.foldScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
            within(1e-12));
    // Early stopping off: the trial keeps its rounds.
    assertThat(outcome.best()).isEqualTo(SearchSpace.trials(automl, 7).get(0));
  }

  @Test
  void parallelTrialsRunSparkJobsAtTheSameTime() throws TimeoutException {
    AutoMlSpec automl =
        Learnable.automl(
            Task.BINARY_CLASSIFICATION, List.of(Algorithm.LOGISTIC_REGRESSION), 4, 0, 2, 0, false);
    ConcurrentJobs jobs = new ConcurrentJobs();
    TestSpark.session().sparkContext().addSparkListener(jobs);
    Search.Outcome outcome;
    try {
      outcome = search(automl);
      TestSpark.session().sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      TestSpark.session().sparkContext().removeSparkListener(jobs);
    }

    assertThat(outcome.leaderboard())
        .hasSize(4)
        .allSatisfy(entry -> assertThat(entry.score()).isBetween(0.6, 1.0));
    assertThat(outcome.skipped()).isZero();
    assertThat(jobs.most.get()).isGreaterThanOrEqualTo(2);
  }

  /** Searches with one XGBoost worker, so that parallel trials need a Spark slot each. */
  private static Search.Outcome search(AutoMlSpec automl) {
    ModelSpec spec = Learnable.searched("points", TABLE, Task.BINARY_CLASSIFICATION, automl);
    return Search.run(
        spec, train, train.count(), features, 4, 1, Budget.start(Duration.ofMinutes(5)));
  }

  /** The most Spark jobs running at once. */
  private static final class ConcurrentJobs extends SparkListener {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
      running.decrementAndGet();
    }
  }
}
