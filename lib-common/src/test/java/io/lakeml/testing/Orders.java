package io.lakeml.testing;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic orders for AutoML tests, one column of each kind: whether an order is {@code late}
 * depends on {@code distance} and on the {@code city} (40 cities, even ones slower), with 10% of
 * labels flipped; {@code minutes_late} leaks the label, {@code ticket} is an id, {@code express}
 * and {@code segment} carry nothing, {@code distance} is null in 5% of rows.
 */
public final class Orders {
  /** The orders' columns. */
  public static final StructType SCHEMA =
      new StructType()
          .add("ticket", DataTypes.LongType)
          .add("placed_at", DataTypes.TimestampNTZType)
          .add("distance", DataTypes.DoubleType)
          .add("segment", DataTypes.StringType)
          .add("city", DataTypes.StringType)
          .add("express", DataTypes.BooleanType)
          .add("minutes_late", DataTypes.IntegerType)
          .add("late", DataTypes.IntegerType);

  private Orders() {}

  /** {@code count} orders placed hour by hour from 2024-01-01, drawn with {@code seed}. */
  public static Dataset<Row> rows(int count, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (int index = 0; index < count; index++) {
      double distance = random.nextDouble();
      int city = random.nextInt(40);
      boolean late = distance + (city % 2 == 0 ? 0.3 : 0) > 0.8;
      late ^= random.nextDouble() < 0.1;
      rows.add(
          RowFactory.create(
              seed * 1_000_000 + index,
              start.plusHours(index),
              random.nextDouble() < 0.05 ? null : distance,
              List.of("retail", "business", "public").get(random.nextInt(3)),
              String.format("city-%02d", city),
              random.nextBoolean(),
              late ? 20 + random.nextInt(60) : random.nextInt(5),
              late ? 1 : 0));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }
}
