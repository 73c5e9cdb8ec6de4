package io.lakeml.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import io.lakeml.lake.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Pure bronze → silver transforms: typing and deduplication. */
public final class Refine {
  private static final String RANK = "_rank";

  private Refine() {}

  /**
   * Casts bronze rows to the declared schema, in its column order, keeping the lineage metadata
   * columns; without a declared schema, bronze's data columns are kept as they are.
   */
  public static Dataset<Row> typed(Dataset<Row> bronze, Optional<StructType> schema) {
    List<Column> columns = new ArrayList<>();
    if (schema.isPresent()) {
      for (StructField field : schema.get().fields()) {
        // try_cast: one malformed value must not fail the batch (ANSI casts would throw).
        columns.add(col(field.name()).try_cast(field.dataType()).as(field.name()));
      }
    } else {
      Arrays.stream(bronze.columns())
          .filter(name -> !Columns.isMetadata(name))
          .forEach(name -> columns.add(col(name)));
    }
    for (String lineage : List.of(Columns.SOURCE_FILE, Columns.INGESTED_AT)) {
      if (List.of(bronze.columns()).contains(lineage)) {
        columns.add(col(lineage));
      }
    }
    return bronze.select(columns.toArray(Column[]::new));
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
    order.add(
        xxhash64(struct(Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new)))
            .desc());
    Column[] partition = key.stream().map(functions::col).toArray(Column[]::new);
    return rows.withColumn(
            RANK,
            row_number().over(Window.partitionBy(partition).orderBy(order.toArray(Column[]::new))))
        .where(col(RANK).equalTo(1))
        .drop(RANK);
  }
}
