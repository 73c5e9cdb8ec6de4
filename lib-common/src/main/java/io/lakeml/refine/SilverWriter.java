package io.lakeml.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.TableWrite;
import io.lakeml.pipeline.SilverTableSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes one batch (one row per key) into a silver table with a single MERGE: an upsert, a CDC
 * apply (deletes included), or an SCD type 2 history. The target's partitions are pruned to those
 * the batch touches, so a small batch does not scan or rewrite the whole table.
 */
public final class SilverWriter {
  /** SCD2 columns: when a version became current, when it stopped being, and whether it is. */
  public static final String VALID_FROM = "valid_from";

  public static final String VALID_TO = "valid_to";
  public static final String IS_CURRENT = "is_current";

  private static final int MAX_PRUNED_PARTITIONS = 1000;
  private static final String MERGE_KEY = "_merge_key_";

  private SilverWriter() {}

  /** Applies {@code rows} to the existing table {@code spec.id()}. */
  public static TableWrite write(
      Lake lake, SilverTableSpec spec, Dataset<Row> rows, Lineage lineage) {
    List<String> columns = dataColumns(rows, spec);
    Column match = keyMatch(spec.key(), "s.").and(pruning(rows, spec));
    String newer = "s.`" + spec.orderBy() + "` > t.`" + spec.orderBy() + "`";
    if (spec.scd2()) {
      return scd2(lake, spec, rows, columns, lineage);
    }
    return lake.commit(
        spec.id(),
        lineage,
        target -> {
          DeltaMergeBuilder merge = target.as("t").merge(rows.as("s"), match);
          if (spec.cdc().isPresent()) {
            String deleted = deleted(spec.cdc().get());
            merge =
                merge
                    .whenMatched(
                        "("
                            + deleted
                            + ") AND s.`"
                            + spec.orderBy()
                            + "` >= t.`"
                            + spec.orderBy()
                            + "`")
                    .delete()
                    .whenMatched(newer)
                    .updateExpr(assignments(columns))
                    .whenNotMatched("NOT (" + deleted + ")")
                    .insertExpr(assignments(columns));
          } else {
            merge =
                merge
                    .whenMatched(newer)
                    .updateExpr(assignments(columns))
                    .whenNotMatched()
                    .insertExpr(assignments(columns));
          }
          merge.execute();
        });
  }

  /**
   * SCD2: a key whose values changed gets its current version closed ({@code valid_to}, {@code
   * is_current = false}) and a new current version inserted, in the same MERGE (the batch is staged
   * twice: once to match and close, once with no merge key to insert).
   */
  private static TableWrite scd2(
      Lake lake, SilverTableSpec spec, Dataset<Row> rows, List<String> columns, Lineage lineage) {
    DeltaTable target = DeltaTable.forPath(lake.spark(), lake.layout().table(spec.id()));
    List<String> values =
        columns.stream()
            .filter(column -> !spec.key().contains(column) && !column.equals(spec.orderBy()))
            .filter(column -> !column.startsWith("_"))
            .toList();
    String changed =
        values.isEmpty()
            ? "false"
            : values.stream()
                .map(c -> "NOT (t.`" + c + "` <=> s.`" + c + "`)")
                .collect(Collectors.joining(" OR "));
    String orderBy = "s.`" + spec.orderBy() + "`";
    String replaces = "(" + changed + ") AND " + orderBy + " > t." + VALID_FROM;
    Dataset<Row> current = target.toDF().where(col(IS_CURRENT)).as("t");
    Dataset<Row> replacing =
        rows.as("s").join(current, keyMatch(spec.key(), "s.")).where(expr(replaces)).select("s.*");
    // Each row once with its key (to match and close the current version, or insert a new key),
    // and each replacing row once more without (never matches: inserts the new current version).
    Dataset<Row> staged =
        withMergeKeys(rows, spec.key(), true)
            .unionByName(withMergeKeys(replacing, spec.key(), false));
    Map<String, String> insert = assignments(columns);
    insert.put(VALID_FROM, orderBy);
    insert.put(VALID_TO, "NULL");
    insert.put(IS_CURRENT, "true");
    String matches =
        spec.key().stream()
                .map(k -> "t.`" + k + "` = s.`" + MERGE_KEY + k + "`")
                .collect(Collectors.joining(" AND "))
            + " AND t."
            + IS_CURRENT;
    return lake.commit(
        spec.id(),
        lineage,
        table ->
            table
                .as("t")
                .merge(staged.as("s"), matches)
                .whenMatched(replaces)
                .updateExpr(Map.of(IS_CURRENT, "false", VALID_TO, orderBy))
                .whenNotMatched()
                .insertExpr(insert)
                .execute());
  }

  private static Dataset<Row> withMergeKeys(Dataset<Row> rows, List<String> key, boolean set) {
    Dataset<Row> result = rows;
    for (String column : key) {
      result =
          result.withColumn(
              MERGE_KEY + column,
              set ? col(column) : lit(null).cast(rows.schema().apply(column).dataType()));
    }
    return result;
  }

  private static Column keyMatch(List<String> key, String source) {
    return key.stream()
        .map(column -> col("t.`" + column + "`").eqNullSafe(col(source + "`" + column + "`")))
        .reduce(Column::and)
        .orElseThrow();
  }

  /** {@code t.p IN (values in the batch)} per partition column, when there are few enough. */
  private static Column pruning(Dataset<Row> rows, SilverTableSpec spec) {
    Column condition = lit(true);
    for (String partition : spec.partitionBy()) {
      List<Object> values =
          rows
              .select(partition)
              .distinct()
              .limit(MAX_PRUNED_PARTITIONS + 1)
              .collectAsList()
              .stream()
              .map(row -> row.get(0))
              .toList();
      if (values.size() <= MAX_PRUNED_PARTITIONS && !values.contains(null)) {
        condition = condition.and(col("t.`" + partition + "`").isin(values.toArray()));
      }
    }
    return condition;
  }

  private static String deleted(SilverTableSpec.Cdc cdc) {
    return "s.`"
        + cdc.operationColumn()
        + "` IN ("
        + cdc.deleteValues().stream()
            .map(v -> "'" + v.replace("'", "\\'") + "'")
            .collect(Collectors.joining(", "))
        + ")";
  }

  /** The silver columns: the batch's, less a CDC operation column. */
  static List<String> dataColumns(Dataset<Row> rows, SilverTableSpec spec) {
    return Arrays.stream(rows.columns())
        .filter(column -> spec.cdc().map(cdc -> !cdc.operationColumn().equals(column)).orElse(true))
        .toList();
  }

  private static Map<String, String> assignments(List<String> columns) {
    Map<String, String> assignments = new LinkedHashMap<>();
    columns.forEach(column -> assignments.put("`" + column + "`", "s.`" + column + "`"));
    return assignments;
  }
}
