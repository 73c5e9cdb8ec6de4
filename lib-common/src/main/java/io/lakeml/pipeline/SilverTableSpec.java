package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Columns;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.quality.Action;
import io.lakeml.quality.Expectation;
import io.lakeml.quality.TableCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A silver table: a bronze table cast to a declared schema, checked by its expectations,
 * deduplicated by key and merged (upsert, CDC or SCD type 2).
 *
 * @param id the silver table
 * @param source the bronze table it refines
 * @param key the columns that identify a row
 * @param orderBy the column whose highest value marks the latest row of a key
 * @param partitionBy the partition columns
 * @param schema the declared columns and types; empty keeps bronze's data columns as they are
 * @param derived columns computed from the typed ones, name to SQL expression
 * @param expectations row-level rules
 * @param checks batch-level rules
 * @param cdc how to read an operation column, when the source is a change feed
 * @param scd2 whether to keep history (valid_from, valid_to, is_current) instead of updating
 */
public record SilverTableSpec(
    TableId id,
    TableId source,
    List<String> key,
    String orderBy,
    List<String> partitionBy,
    Optional<StructType> schema,
    Map<String, String> derived,
    List<Expectation> expectations,
    List<TableCheck> checks,
    Optional<Cdc> cdc,
    boolean scd2) {
  public SilverTableSpec {
    key = List.copyOf(key);
    partitionBy = List.copyOf(partitionBy);
    derived = Collections.unmodifiableMap(new LinkedHashMap<>(derived));
    expectations = List.copyOf(expectations);
    checks = List.copyOf(checks);
  }

  /**
   * A change feed's operation column: rows whose value is one of {@code deleteValues} delete their
   * key; every other row upserts.
   */
  public record Cdc(String operationColumn, List<String> deleteValues) {
    public Cdc {
      deleteValues = List.copyOf(deleteValues);
    }
  }

  /** The rule that quarantines rows with a null key column. */
  static Expectation keyPresent(List<String> key) {
    return Expectation.of(
        KEY_PRESENT,
        key.stream()
            .map(column -> "`" + column.replace("`", "``") + "` IS NOT NULL")
            .collect(Collectors.joining(" AND ")),
        Action.QUARANTINE);
  }

  /** The silver tables its reference rules read; they are refined first. */
  public List<TableId> references() {
    return expectations.stream()
        .flatMap(rule -> rule.reference().stream())
        .map(Expectation.Reference::table)
        .distinct()
        .toList();
  }

  /** The rule every silver table gets unless it declares its own: no key column is null. */
  public static final String KEY_PRESENT = "key_present";

  static SilverTableSpec from(String name, ConfigReader table, ConfigReader defaults) {
    TableId id = new TableId(Layer.SILVER, name);
    TableId source =
        table.has("source")
            ? table.parsed("source", "a bronze table id like bronze." + name, TableId::parse)
            : new TableId(Layer.BRONZE, name);
    if (source.layer() != Layer.BRONZE) {
      throw LakeErrors.configInvalid(
          table.location("source"),
          table.fullPath("source"),
          "a bronze table id",
          source.toString());
    }
    List<String> key = table.stringList("key", "column names");
    if (key.isEmpty()) {
      throw LakeErrors.configInvalid(
          table.location("key"), table.fullPath("key"), "at least one key column", "an empty list");
    }
    Optional<StructType> schema =
        table.has("schema")
            ? Optional.of(
                table.parsed(
                    "schema", "a DDL schema like \"id INT, name STRING\"", Schemas::parseDdl))
            : Optional.empty();
    Map<String, String> derived = table.stringMap("derived");
    Optional<Map<String, DataType>> columns = schema.map(declared -> columns(declared, derived));
    columns.ifPresent(known -> requireColumns(table, "key", key, known));
    columns.ifPresent(
        known -> requireColumns(table, "order-by", List.of(table.string("order-by")), known));
    columns.ifPresent(
        known ->
            requireColumns(
                table, "partition-by", table.stringList("partition-by", "column names"), known));
    derived.forEach(
        (column, expression) -> {
          try {
            Conditions.parse(expression, columns);
          } catch (IllegalArgumentException e) {
            throw LakeErrors.configInvalid(
                table.location("derived." + column),
                table.fullPath("derived." + column),
                "a Spark SQL expression over the declared columns",
                "\"" + expression + "\" (" + e.getMessage() + ")");
          }
        });
    Optional<Cdc> cdc =
        table.has("cdc")
            ? Optional.of(
                new Cdc(
                    table.string("cdc.operation-column"),
                    table.stringList("cdc.delete-values", "operation values")))
            : Optional.empty();
    boolean scd2 = table.bool("scd2");
    if (scd2 && cdc.isPresent()) {
      throw LakeErrors.configInvalid(
          table.location("scd2"),
          table.fullPath("scd2"),
          "scd2 = false when cdc is declared",
          "true");
    }
    List<Expectation> expectations = new ArrayList<>(Rules.expectations(table, defaults, columns));
    if (expectations.stream().noneMatch(rule -> rule.name().equals(KEY_PRESENT))) {
      // A row without its key cannot be merged: it is quarantined, not lost.
      expectations.add(keyPresent(key));
    }
    return new SilverTableSpec(
        id,
        source,
        key,
        table.string("order-by"),
        table.stringList("partition-by", "column names"),
        schema,
        derived,
        expectations,
        Rules.checks(table, defaults, columns),
        cdc,
        scd2);
  }

  /** The columns rules may name: declared, derived and bronze's lineage columns. */
  private static Map<String, DataType> columns(StructType declared, Map<String, String> derived) {
    Map<String, DataType> columns = new LinkedHashMap<>();
    for (StructField field : declared.fields()) {
      columns.put(field.name(), field.dataType());
    }
    derived.keySet().forEach(column -> columns.put(column, null));
    for (String lineage :
        List.of(Columns.SOURCE_FILE, Columns.INGESTED_AT, Columns.FILE_MODIFIED_AT)) {
      columns.put(lineage, null);
    }
    return columns;
  }

  private static void requireColumns(
      ConfigReader table, String path, List<String> names, Map<String, DataType> known) {
    for (String column : names) {
      if (!known.containsKey(column)) {
        throw LakeErrors.configInvalid(
            table.location(path),
            table.fullPath(path),
            "columns of the declared schema or derived columns " + known.keySet(),
            "column '" + column + "'");
      }
    }
  }
}
