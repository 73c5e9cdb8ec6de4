package io.lakeml.ml;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Snapshot;
import io.lakeml.errors.LakeErrors;
import io.lakeml.pipeline.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains one model version: a seeded random split, the pipeline fitted on the training rows,
 * metrics on the held-out rows, the fitted pipeline saved under {@code models/<name>/v<N>/} and
 * registered with its lineage.
 */
public final class ModelTrainer {
  private ModelTrainer() {}

  /** Trains, saves and registers version {@code version} of {@code spec} from {@code input}. */
  public static ModelVersion train(
      Lake lake, ModelSpec spec, Snapshot input, int version, String codeVersion) {
    Dataset<Row> table = input.rows();
    requireColumns(spec, table);
    Map<String, Long> inputs = Map.of(input.table().toString(), input.version());
    Dataset<Row>[] split =
        Training.prepare(table, spec)
            .randomSplit(new double[] {1 - spec.testFraction(), spec.testFraction()}, spec.seed());
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    try {
      PipelineModel model = Training.pipeline(spec, Training.maxCategories(train, spec)).fit(train);
      Map<String, Double> metrics = Training.evaluate(model.transform(test), spec.task());
      String location = lake.layout().modelVersion(spec.name(), version);
      ModelVersion registered =
          new ModelVersion(
              spec.name(),
              version,
              Instant.now(),
              spec.algorithm().toString(),
              spec.params(),
              metrics,
              spec.features(),
              train.count(),
              test.count(),
              inputs,
              spec.configHash(),
              codeVersion,
              location);
      save(model, registered.pipelineLocation());
      new ModelRegistry(lake).register(registered);
      return registered;
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
