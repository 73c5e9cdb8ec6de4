package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * A model: which table it learns from, what it predicts, from which features, with which MLlib
 * estimator and params, and where its predictions go.
 *
 * @param name the model name ({@code models.<name>})
 * @param table the training table
 * @param task what it predicts
 * @param algorithm the estimator
 * @param label the label column
 * @param numericFeatures numeric feature columns
 * @param categoricalFeatures string feature columns, indexed (unseen values kept as their own)
 * @param params estimator params by MLlib name ({@code maxIter}), as declared text
 * @param testFraction the share of rows held out for evaluation
 * @param seed the seed of the split and the estimator
 * @param scoreTable the table scored by {@code score}
 * @param predictions the table predictions are written to
 * @param configHash a digest of the model's declaration, part of its lineage
 */
public record ModelSpec(
    String name,
    TableId table,
    Task task,
    Algorithm algorithm,
    String label,
    List<String> numericFeatures,
    List<String> categoricalFeatures,
    Map<String, String> params,
    double testFraction,
    long seed,
    TableId scoreTable,
    TableId predictions,
    String configHash) {
  public ModelSpec {
    numericFeatures = List.copyOf(numericFeatures);
    categoricalFeatures = List.copyOf(categoricalFeatures);
    params = Map.copyOf(params);
  }

  /** All feature columns, numeric first. */
  public List<String> features() {
    List<String> all = new ArrayList<>(numericFeatures);
    all.addAll(categoricalFeatures);
    return all;
  }

  /** Sets the declared params on {@code estimator}; rejects unknown names and invalid values. */
  public static void configure(Params estimator, Map<String, String> params) {
    params.forEach(
        (name, text) -> {
          if (!estimator.hasParam(name)) {
            throw new IllegalArgumentException(
                "unknown param '" + name + "' of " + estimator.getClass().getSimpleName());
          }
          Param<Object> param = estimator.getParam(name);
          estimator.set(param, decode(param, text));
        });
  }

  private static Object decode(Param<Object> param, String text) {
    try {
      return param.jsonDecode(text);
    } catch (RuntimeException notJson) {
      return param.jsonDecode("\"" + text.replace("\"", "\\\"") + "\"");
    }
  }

  static ModelSpec from(String name, ConfigReader model) {
    Task task = model.enumValue("task", Task.class);
    Algorithm algorithm = model.enumValue("algorithm", Algorithm.class);
    if (!algorithm.supports(task)) {
      throw LakeErrors.configInvalid(
          model.location("algorithm"),
          model.fullPath("algorithm"),
          "an algorithm for " + ConfigReader.kebab(task),
          algorithm.toString());
    }
    Map<String, String> params = new TreeMap<>();
    model.stringMap("params").forEach((key, value) -> params.put(camelCase(key), value));
    try {
      configure(algorithm.estimator(task), params);
    } catch (IllegalArgumentException e) {
      throw LakeErrors.configInvalid(
          model.location("params"),
          model.fullPath("params"),
          "params of " + algorithm.estimator(task).getClass().getSimpleName(),
          e.getMessage());
    }
    List<String> numeric = model.stringList("features.numeric", "column names");
    List<String> categorical = model.stringList("features.categorical", "column names");
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw LakeErrors.configInvalid(
          model.location("features"),
          model.fullPath("features"),
          "at least one numeric or categorical feature",
          "none");
    }
    String label = model.string("label");
    if (numeric.contains(label) || categorical.contains(label)) {
      throw LakeErrors.configInvalid(
          model.location("features"),
          model.fullPath("features"),
          "features without the label",
          "label '" + label + "' among them");
    }
    TableId table = model.parsed("table", "a silver or gold table id", TableId::parse);
    TableId scoreTable =
        model.has("score-table")
            ? model.parsed("score-table", "a silver or gold table id", TableId::parse)
            : table;
    TableId predictions =
        model.has("predictions")
            ? model.parsed("predictions", "a gold table id", TableId::parse)
            : new TableId(Layer.GOLD, name + "_predictions");
    return new ModelSpec(
        name,
        table,
        task,
        algorithm,
        label,
        numeric,
        categorical,
        params,
        model.number("split.test-fraction", 0.01, 0.9),
        model.integer("split.seed", Integer.MIN_VALUE, Integer.MAX_VALUE),
        scoreTable,
        predictions,
        model.digest());
  }

  /** {@code max-iter} becomes MLlib's {@code maxIter}; camelCase names pass through. */
  static String camelCase(String kebab) {
    StringBuilder result = new StringBuilder();
    boolean upper = false;
    for (char character : kebab.toCharArray()) {
      if (character == '-') {
        upper = true;
      } else {
        result.append(upper ? Character.toUpperCase(character) : character);
        upper = false;
      }
    }
    return result.toString();
  }
}
