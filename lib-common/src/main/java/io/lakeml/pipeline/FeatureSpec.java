package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which columns a model learns from and how ({@code models.<name>.features}).
 *
 * @param auto whether every column of the table (but the label, the excluded and the event time
 *     when it is only a split column) is a candidate feature
 * @param columns the declared feature columns, in declaration order
 * @param exclude columns never used, even with {@code auto}
 * @param types declared types by column; the others are detected from the data
 * @param optional columns that may be absent from the data a saved model scores (read as null)
 * @param crosses pairs (or more) of columns crossed into one high-cardinality feature each
 * @param maxCategories the most distinct values a string column may have to be one-hot or indexed
 *     rather than frequency- and target-encoded
 */
public record FeatureSpec(
    boolean auto,
    List<String> columns,
    List<String> exclude,
    Map<String, FeatureType> types,
    List<String> optional,
    List<List<String>> crosses,
    int maxCategories) {
  public FeatureSpec {
    columns = List.copyOf(columns);
    exclude = List.copyOf(exclude);
    types = Map.copyOf(types);
    optional = List.copyOf(optional);
    crosses = crosses.stream().map(List::copyOf).toList();
  }

  /** Declared numeric and categorical columns, as the explicit form lists them. */
  public static FeatureSpec of(List<String> numeric, List<String> categorical) {
    Map<String, FeatureType> types = new LinkedHashMap<>();
    numeric.forEach(column -> types.put(column, FeatureType.NUMERIC));
    categorical.forEach(column -> types.put(column, FeatureType.CATEGORICAL));
    return new FeatureSpec(
        false, new ArrayList<>(types.keySet()), List.of(), types, List.of(), List.of(), 64);
  }

  static FeatureSpec from(ConfigReader model, String label) {
    ConfigReader features = model.child("features");
    Map<String, FeatureType> types = new LinkedHashMap<>();
    features.stringList("numeric", "column names").forEach(c -> types.put(c, FeatureType.NUMERIC));
    features
        .stringList("categorical", "column names")
        .forEach(c -> types.put(c, FeatureType.CATEGORICAL));
    if (features.has("types")) {
      ConfigReader declared = features.child("types");
      for (String column : declared.keys()) {
        types.put(column, declared.enumValue(column, FeatureType.class));
      }
    }
    Set<String> columns = new LinkedHashSet<>(types.keySet());
    columns.addAll(features.stringList("columns", "column names"));
    boolean auto = features.bool("auto");
    if (!auto && columns.isEmpty()) {
      throw LakeErrors.configInvalid(
          features.location(),
          features.path(),
          "at least one numeric, categorical or listed feature (columns), or auto = true",
          "none");
    }
    if (columns.contains(label)) {
      throw LakeErrors.configInvalid(
          features.location(),
          features.path(),
          "features without the label",
          "label '" + label + "' among them");
    }
    List<String> optional = features.stringList("optional", "column names");
    for (String column : optional) {
      if (!auto && !columns.contains(column)) {
        throw LakeErrors.configInvalid(
            features.location("optional"),
            features.fullPath("optional"),
            "declared feature columns " + columns,
            "'" + column + "'");
      }
    }
    return new FeatureSpec(
        auto,
        new ArrayList<>(columns),
        features.stringList("exclude", "column names"),
        types,
        optional,
        crosses(features),
        features.integer("max-categories", 2, 10_000));
  }

  private static List<List<String>> crosses(ConfigReader features) {
    List<List<String>> crosses = new ArrayList<>();
    String expected = "crossed columns written as \"a*b\"";
    for (String cross : features.stringList("crosses", expected)) {
      List<String> parts = List.of(cross.split("\\*", -1));
      if (parts.size() < 2 || parts.stream().anyMatch(part -> part.isBlank())) {
        throw LakeErrors.configInvalid(
            features.location("crosses"),
            features.fullPath("crosses"),
            expected,
            "'" + cross + "'");
      }
      crosses.add(parts.stream().map(String::strip).toList());
    }
    return crosses;
  }
}
