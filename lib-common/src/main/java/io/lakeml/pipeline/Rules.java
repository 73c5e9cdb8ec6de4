package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.quality.Action;
import io.lakeml.quality.Expectation;
import io.lakeml.quality.TableCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;

/** Reads a silver table's {@code expectations} and {@code checks}, validating each. */
final class Rules {
  private Rules() {}

  /** The row-level rules; {@code columns} are the columns they may name, when declared. */
  static List<Expectation> expectations(
      ConfigReader table, ConfigReader defaults, Optional<Map<String, DataType>> columns) {
    return Entries.read(
        table,
        "expectations",
        defaults,
        "expectation",
        (name, rule) -> expectation(name, rule, columns));
  }

  /** The table-level checks. */
  static List<TableCheck> checks(
      ConfigReader table, ConfigReader defaults, Optional<Map<String, DataType>> columns) {
    return Entries.read(
        table, "checks", defaults, "check", (name, check) -> check(name, check, columns));
  }

  private static Expectation expectation(
      String name, ConfigReader rule, Optional<Map<String, DataType>> columns) {
    Action action = rule.enumValue("action", Action.class);
    Optional<String> description = rule.optionalString("description");
    List<String> forms =
        List.of("expr", "references", "accepted-values").stream().filter(rule::has).toList();
    if (forms.size() != 1) {
      throw LakeErrors.configInvalid(
          rule.location(),
          rule.path(),
          "exactly one of expr, references, accepted-values",
          forms.isEmpty() ? "none" : String.join(", ", forms));
    }
    if (rule.has("references")) {
      Expectation.Reference reference =
          new Expectation.Reference(
              rule.string("references.column"),
              rule.parsed("references.table", "a silver table id", Rules::silverTable),
              rule.string("references.key"));
      return new Expectation(
          name, reference.flag(name) + " IS NOT NULL", action, description, Optional.of(reference));
    }
    String expression =
        rule.has("expr")
            ? rule.string("expr")
            : acceptedValues(
                rule.string("accepted-values.column"),
                rule.stringList("accepted-values.values", "accepted values"));
    String path = rule.has("expr") ? "expr" : "accepted-values";
    try {
      Conditions.check(expression, columns);
    } catch (IllegalArgumentException e) {
      throw LakeErrors.configInvalid(
          rule.location(path),
          rule.fullPath(path),
          "a Spark SQL boolean condition over the table",
          "\"" + expression + "\" (" + e.getMessage() + ")");
    }
    return new Expectation(name, expression, action, description, Optional.empty());
  }

  private static TableCheck check(
      String name, ConfigReader check, Optional<Map<String, DataType>> columns) {
    Action action = check.enumValue("action", Action.class);
    if (!TableCheck.ACTIONS.contains(action)) {
      throw LakeErrors.configInvalid(
          check.location("action"),
          check.fullPath("action"),
          "warn or fail for a table check",
          ConfigReader.kebab(action));
    }
    List<String> kinds =
        List.of("row-count", "null-ratio", "freshness", "unique-key").stream()
            .filter(check::has)
            .toList();
    if (kinds.size() != 1) {
      throw LakeErrors.configInvalid(
          check.location(),
          check.path(),
          "exactly one of row-count, null-ratio, freshness, unique-key",
          kinds.isEmpty() ? "none" : String.join(", ", kinds));
    }
    return switch (kinds.get(0)) {
      case "row-count" ->
          new TableCheck(
              name,
              TableCheck.Kind.ROW_COUNT,
              Optional.empty(),
              optionalNumber(check, "row-count.min"),
              optionalNumber(check, "row-count.max"),
              Optional.empty(),
              action);
      case "null-ratio" ->
          new TableCheck(
              name,
              TableCheck.Kind.NULL_RATIO,
              Optional.of(column(check, "null-ratio.column", columns)),
              Optional.empty(),
              Optional.of(check.number("null-ratio.max", 0, 1)),
              Optional.empty(),
              action);
      case "freshness" ->
          new TableCheck(
              name,
              TableCheck.Kind.FRESHNESS,
              Optional.of(column(check, "freshness.column", columns)),
              Optional.empty(),
              Optional.empty(),
              Optional.of(check.duration("freshness.max-age")),
              action);
      default -> {
        if (!check.bool("unique-key")) {
          throw LakeErrors.configInvalid(
              check.location("unique-key"),
              check.fullPath("unique-key"),
              "true (leave the check out to turn it off)",
              "false");
        }
        yield new TableCheck(
            name,
            TableCheck.Kind.UNIQUE_KEY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            action);
      }
    };
  }

  /** A column a check measures; it must be among the declared ones when they are declared. */
  private static String column(
      ConfigReader check, String path, Optional<Map<String, DataType>> columns) {
    String column = check.string(path);
    if (columns.isPresent() && !columns.get().containsKey(column)) {
      throw LakeErrors.configInvalid(
          check.location(path),
          check.fullPath(path),
          "a column of the table " + columns.get().keySet(),
          "column '" + column + "'");
    }
    return column;
  }

  private static Optional<Double> optionalNumber(ConfigReader check, String path) {
    return check.has(path)
        ? Optional.of(check.number(path, 0, Double.MAX_VALUE))
        : Optional.empty();
  }

  private static TableId silverTable(String text) {
    TableId id = TableId.parse(text);
    if (id.layer() != Layer.SILVER) {
      throw new IllegalArgumentException("references must name a silver table");
    }
    return id;
  }

  /** {@code column IN ('a', 'b')}, each value a SQL string literal. */
  static String acceptedValues(String column, List<String> values) {
    return "`"
        + column.replace("`", "``")
        + "` IN ("
        + values.stream()
            .map(value -> "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'")
            .collect(Collectors.joining(", "))
        + ")";
  }
}
