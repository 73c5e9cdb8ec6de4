package io.lakeml.ml;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Snapshot;
import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import io.lakeml.ml.automl.Trial;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered version retrained from exactly what it was trained from (the recorded Delta version
 * of its input table, read by time travel, and its recorded declaration) and evaluated the same
 * way. It registers nothing and changes no standing: it reports.
 *
 * @param recorded the registered version
 * @param input the table version it was retrained from
 * @param metrics the retrained model's held-out metrics
 */
public record Reproduction(ModelVersion recorded, Snapshot input, Map<String, Double> metrics) {
  public Reproduction {
    metrics = Map.copyOf(metrics);
  }

  /**
   * Retrains {@code recorded} from its recorded input version with {@code spec}, its declaration.
   */
  public static Reproduction run(Lake lake, ModelVersion recorded, ModelSpec spec) {
    String table = spec.table().toString();
    Long version = recorded.inputs().get(table);
    if (version == null) {
      throw LakeErrors.configInvalid(
          "the registry",
          "models." + recorded.model() + ".table",
          "one of the tables v"
              + recorded.version()
              + " was trained from "
              + recorded.inputs().keySet(),
          table);
    }
    Snapshot input;
    try {
      input = lake.snapshot(spec.table(), version, "curate");
    } catch (LakeException e) {
      throw e;
    } catch (Exception e) { // Delta's VersionNotFoundException arrives undeclared.
      throw LakeErrors.inputVersionGone(recorded.model(), recorded.version(), table, version, e);
    }
    Algorithm algorithm =
        Algorithm.named(recorded.algorithm())
            .orElseThrow(
                () ->
                    LakeErrors.configInvalid(
                        "the registry",
                        "models." + recorded.model() + ".algorithm",
                        "an algorithm this lakeml knows",
                        recorded.algorithm()));
    Trial trial = new Trial(1, algorithm, recorded.params());
    double threshold = recorded.metrics().getOrDefault("threshold", Double.NaN);
    return new Reproduction(
        recorded, input, ModelTrainer.refit(lake, spec, input, trial, threshold));
  }

  /** Reproduced minus registered, per metric the registered version has, by name. */
  public Map<String, Double> differences() {
    Map<String, Double> differences = new TreeMap<>();
    recorded
        .metrics()
        .forEach(
            (name, registered) -> {
              Double reproduced = metrics.get(name);
              differences.put(name, reproduced == null ? Double.NaN : reproduced - registered);
            });
    return differences;
  }
}
