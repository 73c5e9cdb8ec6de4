package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Snapshot;
import io.lakeml.errors.LakeErrors;
import io.lakeml.ml.card.FeatureImportance;
import io.lakeml.ml.card.LeaderboardEntry;
import io.lakeml.ml.card.ModelCard;
import io.lakeml.ml.card.ModelCardInput;
import io.lakeml.pipeline.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Trains one model version: a seeded random split, the pipeline fitted on the training rows,
 * metrics on the held-out rows, the fitted pipeline and its model card saved under {@code
 * models/<name>/v<N>/}, registered with its lineage, then promoted or made challenger.
 */
public final class ModelTrainer {
  private ModelTrainer() {}

  /** Trains, saves and registers version {@code version} of {@code spec} from {@code input}. */
  public static ModelVersion train(
      Lake lake, ModelSpec spec, Snapshot input, int version, String codeVersion) {
    Map<String, Long> inputs = Map.of(input.table().toString(), input.version());
    return withSplit(
        spec,
        input,
        (train, test) -> {
          long started = System.nanoTime();
          PipelineModel model = fit(spec, train);
          double fitSeconds = (System.nanoTime() - started) / 1e9;
          Dataset<Row> predictions = model.transform(test);
          Map<String, Double> metrics = Training.evaluate(predictions, spec.task());
          ModelVersion registered =
              new ModelVersion(
                  spec.name(),
                  version,
                  Instant.now().truncatedTo(ChronoUnit.MICROS),
                  spec.algorithm().toString(),
                  spec.params(),
                  metrics,
                  spec.features(),
                  train.count(),
                  test.count(),
                  inputs,
                  spec.configHash(),
                  codeVersion,
                  lake.layout().modelVersion(spec.name(), version),
                  Promotion.defaultMetric(spec.task()),
                  spec.declaration(),
                  Map.of(),
                  Standing.registered());
          save(model, registered.pipelineLocation());
          ModelCard.write(
              new ModelCardInput(
                  registered,
                  spec.task(),
                  ModelCardInput.predictions(predictions, spec.task()),
                  FeatureImportance.of(model, predictions.schema()),
                  List.of(
                      new LeaderboardEntry(
                          registered.algorithm(),
                          spec.params(),
                          registered.metric(),
                          registered.score(),
                          fitSeconds))),
              lake.spark().sparkContext().hadoopConfiguration());
          ModelRegistry registry = new ModelRegistry(lake);
          registry.register(registered);
          return Promotion.decide(registry, registered, test, spec.task());
        });
  }

  /**
   * Fits {@code spec} on {@code input} exactly as {@link #train} does (same split, same seed) and
   * returns the held-out metrics; writes nothing. Reproducing a version passes the declaration and
   * the input table version it was trained from.
   */
  public static Map<String, Double> refit(ModelSpec spec, Snapshot input) {
    return withSplit(
        spec,
        input,
        (train, test) -> Training.evaluate(fit(spec, train).transform(test), spec.task()));
  }

  private static PipelineModel fit(ModelSpec spec, Dataset<Row> train) {
    return Training.pipeline(spec, Training.maxCategories(train, spec)).fit(train);
  }

  /**
   * Runs {@code work} on the cached seeded split of {@code input}'s labelled rows: the training
   * side prepared (features and label), the test side whole plus {@code _label}, so that any
   * version's pipeline, whatever features it reads, can be scored on the same test rows.
   */
  private static <T> T withSplit(
      ModelSpec spec, Snapshot input, BiFunction<Dataset<Row>, Dataset<Row>, T> work) {
    requireColumns(spec, input.rows());
    Dataset<Row>[] split =
        input
            .rows()
            .withColumn(Training.LABEL, col(spec.label()).cast(DataTypes.DoubleType))
            .where(col(Training.LABEL).isNotNull())
            .randomSplit(new double[] {1 - spec.testFraction(), spec.testFraction()}, spec.seed());
    Dataset<Row> train = Training.prepare(split[0], spec).cache();
    Dataset<Row> test = split[1].cache();
    try {
      return work.apply(train, test);
    } finally {
      train.unpersist();
      test.unpersist();
    }
  }

  private static void save(PipelineModel model, String location) {
    try {
      model.write().overwrite().save(location);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the model to " + location, e);
    }
  }

  private static void requireColumns(ModelSpec spec, Dataset<Row> table) {
    List<String> available = List.of(table.columns());
    List<String> missing = new ArrayList<>();
    for (String column : spec.features()) {
      if (!available.contains(column)) {
        missing.add(column);
      }
    }
    if (!available.contains(spec.label())) {
      missing.add(spec.label());
    }
    if (!missing.isEmpty()) {
      throw LakeErrors.columnsMissing(
          "models." + spec.name(), spec.table().toString(), missing, available);
    }
  }
}
