package io.lakeml.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Tiny flight tables: one row per flight update, the latest by {@code updated_at}. */
public final class Flights {
  /** flight_id, origin, delay_minutes, updated_at. */
  public static final StructType SCHEMA =
      new StructType()
          .add("flight_id", DataTypes.StringType)
          .add("origin", DataTypes.StringType)
          .add("delay_minutes", DataTypes.IntegerType)
          .add("updated_at", DataTypes.LongType);

  private Flights() {}

  public static Row row(String flightId, String origin, Integer delayMinutes, Long updatedAt) {
    return RowFactory.create(flightId, origin, delayMinutes, updatedAt);
  }

  public static Dataset<Row> rows(Row... rows) {
    return TestSpark.session().createDataFrame(Arrays.asList(rows), SCHEMA);
  }

  /** The rows as sorted {@code "a|b|c"} lines, for order-independent comparisons. */
  public static List<String> lines(Dataset<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int index = 0; index < row.size(); index++) {
        values.add(String.valueOf(row.get(index)));
      }
      lines.add(String.join("|", values));
    }
    lines.sort(null);
    return lines;
  }
}
