package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.config.Digests;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * A model: which table it learns from, what it predicts, from which features, how its rows are
 * split, which estimators are tried (one declared {@code algorithm} with fixed {@code params}, or
 * an AutoML search over candidates) and where its predictions go.
 *
 * @param name the model name ({@code models.<name>})
 * @param table the training table
 * @param task what it predicts
 * @param label the label column
 * @param features the feature columns and their declared types
 * @param algorithm the declared estimator; empty for an AutoML search
 * @param params the declared estimator's params by MLlib name ({@code maxIter}), as declared text
 * @param split how training and test rows are chosen
 * @param automl the search, its budget and the sanity checks
 * @param scoreTable the table scored by {@code score}
 * @param predictions the table predictions are written to
 * @param minImprovement the least gain, as a share of the champion's score, by which a new version
 *     must beat the champion to replace it
 * @param declaration the resolved declaration ({@code models.<name>} with defaults) as JSON, kept
 *     in the registry so a version can be retrained from it
 */
public record ModelSpec(
    String name,
    TableId table,
    Task task,
    String label,
    FeatureSpec features,
    Optional<Algorithm> algorithm,
    Map<String, String> params,
    SplitSpec split,
    AutoMlSpec automl,
    TableId scoreTable,
    TableId predictions,
    double minImprovement,
    String declaration) {
  public ModelSpec {
    params = Map.copyOf(params);
  }

  /** A digest of the declaration, part of the model's lineage. */
  public String configHash() {
    return Digests.sha256(declaration);
  }

  /** The seed of the split, the search and the estimators. */
  public long seed() {
    return split.seed();
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
    boolean real = param instanceof DoubleParam || param instanceof FloatParam;
    try {
      // JSON reads 5 as a whole number, which a double param rejects.
      return param.jsonDecode(real && text.matches("-?[0-9]+") ? text + ".0" : text);
    } catch (Exception notJson) { // Jackson's checked JsonParseException arrives undeclared.
      return param.jsonDecode("\"" + text.replace("\"", "\\\"") + "\"");
    }
  }

  static ModelSpec from(String name, ConfigReader model) {
    Task task = model.enumValue("task", Task.class);
    String label = model.string("label");
    Optional<Algorithm> algorithm = Optional.empty();
    Map<String, String> params = Map.of();
    if (model.has("algorithm")) {
      Algorithm declared = model.enumValue("algorithm", Algorithm.class);
      if (!declared.supports(task)) {
        throw LakeErrors.configInvalid(
            model.location("algorithm"),
            model.fullPath("algorithm"),
            "an algorithm for " + ConfigReader.kebab(task),
            declared.toString());
      }
      algorithm = Optional.of(declared);
      params = params(model, declared.estimator(task));
    } else if (!model.stringMap("params").isEmpty()) {
      throw LakeErrors.configInvalid(
          model.location("params"),
          model.fullPath("params"),
          "params only with a declared algorithm (AutoML searches its own)",
          model.stringMap("params").keySet().toString());
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
        label,
        FeatureSpec.from(model, label),
        algorithm,
        params,
        SplitSpec.from(model),
        AutoMlSpec.from(model, task),
        scoreTable,
        predictions,
        model.number("min-improvement", 0, 1),
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
                      .filter(candidate -> squashed(candidate).equals(squashed(key)))
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

  /** A param name without case, dashes and underscores: max-iter, maxIter, max_iter match. */
  private static String squashed(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** {@code maxIter} becomes {@code max-iter}, {@code maxMemoryInMB} {@code max-memory-in-mb}. */
  static String kebabCase(String camel) {
    return camel
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .replace('_', '-')
        .toLowerCase(Locale.ROOT);
  }
}
