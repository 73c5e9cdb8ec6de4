package io.lakeml.ml;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One registered model version and everything needed to trust or rebuild it.
 *
 * @param model the model name
 * @param version 1, 2, ... per model
 * @param createdAt when it was registered
 * @param algorithm the estimator, as declared
 * @param params the declared estimator params
 * @param metrics held-out metrics
 * @param features the feature columns
 * @param trainRows rows it was fitted on
 * @param testRows rows it was evaluated on
 * @param inputs the Delta version of every table it was trained from
 * @param configHash digest of the model's declaration
 * @param codeVersion the lakeml version that trained it
 * @param location the folder of the saved pipeline and its metadata
 * @param dropped candidate features left out, with the reason
 */
public record ModelVersion(
    String model,
    int version,
    Instant createdAt,
    String algorithm,
    Map<String, String> params,
    Map<String, Double> metrics,
    List<String> features,
    long trainRows,
    long testRows,
    Map<String, Long> inputs,
    String configHash,
    String codeVersion,
    String location,
    Map<String, String> dropped) {
  public ModelVersion {
    dropped = Map.copyOf(dropped);
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
    features = List.copyOf(features);
    inputs = Map.copyOf(inputs);
  }

  /** A version that records no dropped features. */
  public ModelVersion(
      String model,
      int version,
      Instant createdAt,
      String algorithm,
      Map<String, String> params,
      Map<String, Double> metrics,
      List<String> features,
      long trainRows,
      long testRows,
      Map<String, Long> inputs,
      String configHash,
      String codeVersion,
      String location) {
    this(
        model,
        version,
        createdAt,
        algorithm,
        params,
        metrics,
        features,
        trainRows,
        testRows,
        inputs,
        configHash,
        codeVersion,
        location,
        Map.of());
  }

  /** Where the fitted {@code PipelineModel} is saved. */
  public String pipelineLocation() {
    return location + "/pipeline";
  }

  /** The content of {@code metadata.json}: every field, timestamps as ISO-8601 text. */
  public Map<String, Object> toMetadata() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("model", model);
    metadata.put("version", version);
    metadata.put("created_at", createdAt.toString());
    metadata.put("algorithm", algorithm);
    metadata.put("params", new TreeMap<>(params));
    metadata.put("metrics", new TreeMap<>(metrics));
    metadata.put("features", features);
    metadata.put("train_rows", trainRows);
    metadata.put("test_rows", testRows);
    metadata.put("inputs", new TreeMap<>(inputs));
    metadata.put("config_hash", configHash);
    metadata.put("code_version", codeVersion);
    metadata.put("location", location);
    metadata.put("dropped", new TreeMap<>(dropped));
    return metadata;
  }

  /** Where the metadata JSON is written. */
  public String metadataLocation() {
    return location + "/metadata.json";
  }
}
