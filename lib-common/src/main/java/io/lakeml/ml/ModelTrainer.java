package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Snapshot;
import io.lakeml.errors.LakeErrors;
import io.lakeml.ml.automl.Budget;
import io.lakeml.ml.automl.Leaderboard;
import io.lakeml.ml.automl.LeaderboardEntry;
import io.lakeml.ml.automl.Search;
import io.lakeml.ml.automl.Trial;
import io.lakeml.ml.card.ModelCard;
import io.lakeml.ml.card.ModelCardInput;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.FeatureIssue;
import io.lakeml.ml.features.SanityChecks;
import io.lakeml.ml.features.TypeDetection;
import io.lakeml.pipeline.AutoMlSpec;
import io.lakeml.pipeline.FeatureSpec;
import io.lakeml.pipeline.FeatureType;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains one model version: split, profile and check the candidate features, search the candidates
 * within the budget, refit the winner on every training row, evaluate it once on the test rows,
 * then save it and its model card under {@code models/<name>/v<N>/}, register it, write its
 * leaderboard, and promote it to champion or make it the challenger.
 */
public final class ModelTrainer {
  private ModelTrainer() {}

  /** Trains, saves and registers version {@code version} of {@code spec} from {@code input}. */
  public static TrainingResult train(
      Lake lake, ModelSpec spec, Snapshot input, int version, String codeVersion, String runId) {
    Budget budget = Budget.start(spec.automl().budget());
    return fit(
        lake,
        spec,
        input,
        Optional.empty(),
        budget,
        fit -> {
          String location = lake.layout().modelVersion(spec.name(), version);
          ModelVersion registered =
              new ModelVersion(
                  spec.name(),
                  version,
                  Instant.now().truncatedTo(ChronoUnit.MICROS),
                  fit.champion().algorithm().toString(),
                  fit.champion().params(),
                  fit.metrics(),
                  fit.kept().stream().map(ColumnProfile::name).toList(),
                  fit.trainRows(),
                  fit.testRows(),
                  Map.of(input.table().toString(), input.version()),
                  spec.configHash(),
                  codeVersion,
                  location,
                  spec.automl().metric().key(),
                  spec.declaration(),
                  fit.dropped(),
                  Standing.registered());
          save(fit.model(), registered.pipelineLocation());
          ModelCard.write(
              new ModelCardInput(
                  registered,
                  spec.task(),
                  ModelCardInput.predictions(fit.predictions(), spec.task()),
                  fit.importances(),
                  fit.leaderboard().stream()
                      .map(
                          entry ->
                              new io.lakeml.ml.card.LeaderboardEntry(
                                  entry.trial().algorithm().toString(),
                                  entry.trial().params(),
                                  entry.metric(),
                                  entry.score(),
                                  entry.fitSeconds()))
                      .toList()),
              lake.spark().sparkContext().hadoopConfiguration());
          Leaderboard.write(lake, spec.name(), version, runId, fit.leaderboard());
          ModelRegistry registry = new ModelRegistry(lake);
          registry.register(registered);
          ModelVersion decided =
              Promotion.decide(
                  registry, registered, fit.test(), spec.task(), spec.minImprovement());
          return new TrainingResult(
              decided,
              fit.model(),
              fit.predictions(),
              fit.metrics(),
              fit.importances(),
              fit.leaderboard(),
              fit.kept(),
              fit.issues(),
              fit.skipped(),
              fit.seconds());
        });
  }

  /**
   * Fits {@code trial} (a registered version's algorithm and params) exactly as {@link #train} fit
   * it, from {@code input} with the same split and checks, at {@code threshold} (NaN: the
   * estimator's own), and returns its test metrics; writes nothing. Reproducing a version passes
   * the declaration and the input table version it was trained from.
   */
  public static Map<String, Double> refit(
      Lake lake, ModelSpec spec, Snapshot input, Trial trial, double threshold) {
    return fit(
        lake,
        spec,
        input,
        Optional.of(new Fixed(trial, threshold)),
        Budget.start(spec.automl().budget()),
        Fit::metrics);
  }

  /** A trial to fit as it is, without a search, and its decision threshold. */
  private record Fixed(Trial trial, double threshold) {}

  /** What a fit produced, while its training and test rows are still cached. */
  private record Fit(
      Trial champion,
      PipelineModel model,
      Dataset<Row> test,
      Dataset<Row> predictions,
      Map<String, Double> metrics,
      Map<String, Double> importances,
      List<LeaderboardEntry> leaderboard,
      List<ColumnProfile> kept,
      Map<String, String> dropped,
      List<FeatureIssue> issues,
      int skipped,
      long trainRows,
      long testRows,
      double seconds) {}

  /**
   * Splits, profiles and checks the features, searches (unless {@code fixed}), refits the winner on
   * every training row and evaluates it on the test rows, then hands the result to {@code then}
   * before the cached rows are released.
   */
  private static <T> T fit(
      Lake lake,
      ModelSpec spec,
      Snapshot input,
      Optional<Fixed> fixed,
      Budget budget,
      Function<Fit, T> then) {
    Dataset<Row> table = input.rows();
    List<String> candidates = candidateColumns(spec, table);
    // Split whole rows: the test side keeps every column, so the champion, whatever features it
    // reads, is scored on the same test rows as this version (see Promotion).
    Splits.TrainTest split =
        Splits.split(
            Training.prepare(table, List.of(table.columns()), spec.label(), spec.task()),
            spec.split());
    List<Column> trained = new ArrayList<>();
    candidates.forEach(column -> trained.add(col(column)));
    trained.add(col(Training.LABEL));
    Dataset<Row> train = split.train().select(trained.toArray(Column[]::new));
    Dataset<Row> test = split.test();
    if (spec.automl().classWeights() && spec.task().classifies()) {
      train = Training.weighted(train);
    }
    train = train.cache();
    test = test.cache();
    Dataset<Row> predictions = null;
    try {
      long trainRows = train.count();
      long testRows = test.count();
      FeatureSpec declared = spec.features();
      List<ColumnProfile> profiles =
          TypeDetection.detect(
              train,
              candidates,
              declared.types(),
              declared.maxCategories(),
              spec.automl().checks().idRatio());
      Optional<List<ColumnProfile>> scoring =
          spec.scoreTable().equals(spec.table())
              ? Optional.empty()
              : Optional.of(
                  TypeDetection.detect(
                      lake.read(spec.scoreTable(), "curate"),
                      candidates.stream()
                          .filter(
                              c ->
                                  List.of(lake.read(spec.scoreTable(), "curate").columns())
                                      .contains(c))
                          .toList(),
                      declared.types(),
                      declared.maxCategories(),
                      spec.automl().checks().idRatio()));
      List<FeatureIssue> issues = check(spec, train, trainRows, profiles, scoring);
      Map<String, String> dropped = new LinkedHashMap<>();
      issues.stream()
          .filter(FeatureIssue::dropped)
          .forEach(issue -> dropped.put(issue.column(), issue.check() + ": " + issue.detail()));
      List<ColumnProfile> kept =
          profiles.stream().filter(profile -> !dropped.containsKey(profile.name())).toList();
      requireCrossed(spec, kept);
      long maxCategories =
          kept.stream()
              .filter(profile -> profile.type() == FeatureType.CATEGORICAL)
              .mapToLong(profile -> (long) Math.ceil(profile.distinct() * 1.1) + 1)
              .max()
              .orElse(0);
      int workers = Math.max(1, lake.spark().sparkContext().defaultParallelism());
      Trial champion;
      double threshold = Double.NaN;
      List<LeaderboardEntry> leaderboard;
      int skipped = 0;
      if (fixed.isPresent()) {
        champion = fixed.get().trial();
        threshold = fixed.get().threshold();
        leaderboard = List.of();
      } else if (spec.algorithm().isPresent()) {
        champion = new Trial(1, spec.algorithm().get(), spec.params());
        leaderboard = List.of();
      } else {
        Search.Outcome outcome =
            Search.run(spec, train, trainRows, kept, maxCategories, workers, budget);
        champion = outcome.best();
        threshold = outcome.threshold();
        leaderboard = outcome.leaderboard();
        skipped = outcome.skipped();
      }
      Training.Plan plan =
          Training.pipeline(spec, champion, train.schema(), kept, maxCategories, workers);
      PipelineModel model = plan.pipeline().fit(train);
      Model<?> last = Training.predictor(model);
      if (!Double.isNaN(threshold) && last instanceof ProbabilisticClassificationModel<?, ?> p) {
        p.setThresholds(new double[] {1 - threshold, threshold});
      }
      model = XGBoostStage.savable(model);
      // Cached: the metrics, the model card's curves and the caller all read them.
      predictions = model.transform(test).persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Double> metrics =
          new LinkedHashMap<>(Training.evaluate(predictions, spec.task()));
      if (spec.task() == Task.BINARY_CLASSIFICATION) {
        metrics.put("threshold", Double.isNaN(threshold) ? 0.5 : threshold);
      }
      if (leaderboard.isEmpty()) {
        String key = spec.automl().metric().key();
        leaderboard =
            List.of(
                new LeaderboardEntry(
                    champion,
                    key,
                    metrics.get(key),
                    List.of(metrics.get(key)),
                    budget.elapsedSeconds(),
                    1));
      }
      Map<String, Double> importances = Training.importances(last, plan.features().slots());
      return then.apply(
          new Fit(
              champion,
              model,
              test,
              predictions,
              metrics,
              importances,
              leaderboard,
              kept,
              dropped,
              issues,
              skipped,
              trainRows,
              testRows,
              budget.elapsedSeconds()));
    } finally {
      train.unpersist();
      test.unpersist();
      if (predictions != null) {
        predictions.unpersist();
      }
    }
  }

  /**
   * The sanity checks' findings about {@code profiles} (taken from every training row); the leak
   * and duplicate checks read at most {@code checks.sample-rows} of the rows, a cached sample.
   */
  private static List<FeatureIssue> check(
      ModelSpec spec,
      Dataset<Row> train,
      long trainRows,
      List<ColumnProfile> profiles,
      Optional<List<ColumnProfile>> scoring) {
    AutoMlSpec.Checks checks = spec.automl().checks();
    Dataset<Row> sample = Splits.atMost(train, trainRows, checks.sampleRows(), spec.seed());
    boolean sampled = sample != train;
    if (sampled) {
      sample.cache();
    }
    try {
      return SanityChecks.run(sample, Training.LABEL, profiles, spec.task(), checks, scoring);
    } finally {
      if (sampled) {
        sample.unpersist();
      }
    }
  }

  private static void save(PipelineModel model, String location) {
    try {
      model.write().overwrite().save(location);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the model to " + location, e);
    }
  }

  /**
   * The candidate feature columns: the declared ones, or with {@code auto} every column but the
   * label and the excluded ones; fails naming the declared columns the table lacks.
   */
  static List<String> candidateColumns(ModelSpec spec, Dataset<Row> table) {
    List<String> available = List.of(table.columns());
    FeatureSpec features = spec.features();
    Set<String> columns = new LinkedHashSet<>(features.columns());
    if (features.auto()) {
      columns.addAll(available);
    }
    columns.remove(spec.label());
    features.exclude().forEach(columns::remove);
    List<String> missing = new ArrayList<>();
    for (String column : columns) {
      if (!available.contains(column) && !features.optional().contains(column)) {
        missing.add(column);
      }
    }
    if (!available.contains(spec.label())) {
      missing.add(spec.label());
    }
    spec.split().timeColumn().filter(c -> !available.contains(c)).ifPresent(missing::add);
    if (!missing.isEmpty()) {
      throw LakeErrors.columnsMissing(
          "models." + spec.name(), spec.table().toString(), missing, available);
    }
    return columns.stream().filter(available::contains).toList();
  }

  private static void requireCrossed(ModelSpec spec, List<ColumnProfile> kept) {
    List<String> names = kept.stream().map(ColumnProfile::name).toList();
    for (List<String> cross : spec.features().crosses()) {
      for (String column : cross) {
        if (!names.contains(column)) {
          throw LakeErrors.columnsMissing(
              "models." + spec.name() + ".features.crosses",
              "the kept features of " + spec.table(),
              List.of(column),
              names);
        }
      }
    }
  }
}
