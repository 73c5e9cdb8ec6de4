package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.pipeline.SplitSpec;
import io.lakeml.testing.Orders;
import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SplitsTest {
  /** 240 orders, one an hour over 10 days from 2024-01-01 00:00. */
  private static final Dataset<Row> ORDERS = Orders.rows(240, 5);

  @Test
  void aTimeSplitTrainsBeforeAndTestsFromTheDeclaredTimes() {
    SplitSpec split =
        new SplitSpec(
            SplitSpec.Kind.TIME,
            0.2,
            1,
            Optional.of("placed_at"),
            Optional.of(LocalDateTime.of(2024, 1, 6, 0, 0)),
            Optional.of(LocalDateTime.of(2024, 1, 8, 0, 0)));

    Splits.TrainTest parts = Splits.split(ORDERS, split);

    assertThat(parts.train().count()).isEqualTo(5 * 24);
    assertThat(parts.test().count()).isEqualTo(3 * 24);
    assertThat(parts.train().agg(org.apache.spark.sql.functions.max("placed_at")).first().get(0))
        .isEqualTo(LocalDateTime.of(2024, 1, 5, 23, 0));
    assertThat(parts.test().agg(org.apache.spark.sql.functions.min("placed_at")).first().get(0))
        .isEqualTo(LocalDateTime.of(2024, 1, 8, 0, 0));
  }

  @Test
  void aTimeSplitWithoutBoundsTestsOnTheLatestShareOfRows() {
    SplitSpec split =
        new SplitSpec(
            SplitSpec.Kind.TIME,
            0.25,
            1,
            Optional.of("placed_at"),
            Optional.empty(),
            Optional.empty());

    Splits.TrainTest parts = Splits.split(ORDERS, split);

    assertThat(parts.test().count()).isBetween(58L, 62L);
    assertThat(parts.train().count() + parts.test().count()).isEqualTo(240);
    Row lastTrain = parts.train().agg(org.apache.spark.sql.functions.max("placed_at")).first();
    Row firstTest = parts.test().agg(org.apache.spark.sql.functions.min("placed_at")).first();
    assertThat(lastTrain.<LocalDateTime>getAs(0)).isBefore(firstTest.<LocalDateTime>getAs(0));
  }

  @Test
  void aRandomSplitIsSeeded() {
    SplitSpec split = SplitSpec.random(0.3, 11);

    assertThat(Splits.split(ORDERS, split).test().collectAsList())
        .isEqualTo(Splits.split(ORDERS, split).test().collectAsList());
  }
}
