package io.lakeml.refine;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import io.lakeml.lake.Columns;
import io.lakeml.pipeline.SilverTableSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Pure bronze → silver transforms: typing, derived columns and deduplication. */
public final class Refine {
  /** STRUCT: the raw bronze values of a row, kept beside the typed ones for the quarantine. */
  public static final String RAW = "_raw";

  /** MAP&lt;STRING,STRING&gt;: values ingest could not type, by column (when bronze has it). */
  public static final String RESCUED = "_rescued_data";

  private static final String RANK = "_rank";

  private Refine() {}

  /**
   * Casts bronze rows to the declared schema, in its column order, keeping the lineage metadata
   * columns; without a declared schema, bronze's data columns are kept as they are. A value that
   * does not cast becomes null (the table's expectations decide what happens to such rows).
   */
  public static Dataset<Row> typed(Dataset<Row> bronze, Optional<StructType> schema) {
    return bronze.select(typedColumns(bronze, schema).toArray(Column[]::new));
  }

  /**
   * {@link #typed} rows, using values rescued at ingest when they now cast, plus the declared
   * derived columns, a CDC operation column, and the raw bronze values in {@link #RAW}.
   */
  public static Dataset<Row> prepare(Dataset<Row> bronze, SilverTableSpec spec) {
    List<Column> columns = typedColumns(bronze, spec.schema());
    spec.cdc().ifPresent(cdc -> columns.add(col(cdc.operationColumn())));
    Column[] raw =
        Arrays.stream(bronze.columns())
            .filter(name -> !Columns.isMetadata(name))
            .map(functions::col)
            .toArray(Column[]::new);
    columns.add(struct(raw).as(RAW));
    Dataset<Row> prepared = bronze.select(columns.toArray(Column[]::new));
    for (Map.Entry<String, String> derived : spec.derived().entrySet()) {
      prepared = prepared.withColumn(derived.getKey(), expr(derived.getValue()));
    }
    return prepared;
  }

  private static List<Column> typedColumns(Dataset<Row> bronze, Optional<StructType> schema) {
    List<String> available = List.of(bronze.columns());
    boolean rescued = available.contains(RESCUED);
    List<Column> columns = new ArrayList<>();
    if (schema.isPresent()) {
      for (StructField field : schema.get().fields()) {
        // try_cast: one malformed value must not fail the batch (ANSI casts would throw).
        Column value = col(field.name()).try_cast(field.dataType());
        if (rescued) {
          value = coalesce(value, col(RESCUED).getItem(field.name()).try_cast(field.dataType()));
        }
        columns.add(value.as(field.name()));
      }
    } else {
      available.stream()
          .filter(name -> !Columns.isMetadata(name))
          .forEach(name -> columns.add(col(name)));
    }
    for (String lineage :
        List.of(Columns.SOURCE_FILE, Columns.FILE_MODIFIED_AT, Columns.INGESTED_AT)) {
      if (available.contains(lineage)) {
        columns.add(col(lineage));
      }
    }
    return columns;
  }

  /**
   * One row per key: the one with the highest {@code orderBy}; ties are broken by the source file
   * name, then by a hash of the whole row, so the choice is the same on every run.
   */
  public static Dataset<Row> latestPerKey(Dataset<Row> rows, List<String> key, String orderBy) {
    List<Column> order = new ArrayList<>();
    order.add(col(orderBy).desc_nulls_last());
    if (!orderBy.equals(Columns.SOURCE_FILE)
        && List.of(rows.columns()).contains(Columns.SOURCE_FILE)) {
      order.add(col(Columns.SOURCE_FILE).desc_nulls_last());
    }
    Column[] all = Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new);
    order.add(xxhash64(struct(all)).desc());
    Column[] partition = key.stream().map(functions::col).toArray(Column[]::new);
    return rows.withColumn(
            RANK,
            row_number().over(Window.partitionBy(partition).orderBy(order.toArray(Column[]::new))))
        .where(col(RANK).equalTo(1))
        .drop(RANK);
  }
}
