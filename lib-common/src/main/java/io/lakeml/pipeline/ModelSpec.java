package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.config.Digests;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * @param declaration the resolved declaration ({@code models.<name>} with defaults) as JSON, kept
 *     in the registry so a version can be retrained from it
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
    String declaration) {
  public ModelSpec {
    numericFeatures = List.copyOf(numericFeatures);
    categoricalFeatures = List.copyOf(categoricalFeatures);
    params = Map.copyOf(params);
  }

  /** A digest of the declaration, part of the model's lineage. */
  public String configHash() {
    return Digests.sha256(declaration);
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
    } catch (Exception notJson) { // Jackson's checked JsonParseException arrives undeclared.
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
    Map<String, String> params = params(model, algorithm.estimator(task));
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
    TableId table = model.parsed("table", "a declared table id", TableId::parse);
    TableId scoreTable =
        model.has("score-table")
            ? model.parsed("score-table", "a declared table id", TableId::parse)
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
        model.render());
  }

  /** The declared params by MLlib name, each checked against a fresh {@code estimator}. */
  private static Map<String, String> params(ConfigReader model, Params estimator) {
    Map<String, String> params = new TreeMap<>();
    model
        .stringMap("params")
        .forEach(
            (key, value) -> {
              String path = "params." + key;
              String name =
                  Arrays.stream(estimator.params())
                      .map(Param::name)
                      .filter(candidate -> candidate.equalsIgnoreCase(key.replace("-", "")))
                      .findFirst()
                      .orElse(null);
              if (name == null) {
                throw LakeErrors.configInvalid(
                    model.location(path),
                    model.fullPath(path),
                    "a param of "
                        + estimator.getClass().getSimpleName()
                        + ": one of "
                        + Arrays.stream(estimator.params()).map(p -> kebabCase(p.name())).toList(),
                    "'" + key + "'");
              }
              try {
                configure(estimator, Map.of(name, value));
              } catch (IllegalArgumentException e) {
                throw LakeErrors.configInvalid(
                    model.location(path),
                    model.fullPath(path),
                    "a valid value (" + estimator.getParam(name).doc() + ")",
                    "'" + value + "'");
              }
              params.put(name, value);
            });
    return params;
  }

  /** {@code maxIter} becomes {@code max-iter}, {@code maxMemoryInMB} {@code max-memory-in-mb}. */
  static String kebabCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
