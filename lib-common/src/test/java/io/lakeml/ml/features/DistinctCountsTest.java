package io.lakeml.ml.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.testing.TestSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class DistinctCountsTest {
  /**
   * 50,000 rows; a tenth null. The first five columns hold 18,000 distinct values (the values whose
   * rows are all null are the multiples of 10), {@code few} 3, {@code nothing} none.
   */
  private static Dataset<Row> rows() {
    return TestSpark.session()
        .range(50_000)
        .selectExpr(
            "IF(id % 10 = 0, NULL, CAST(id % 20000 AS INT)) AS whole",
            "IF(id % 10 = 0, NULL, id % 20000 + 1e12) AS big",
            "IF(id % 10 = 0, NULL, (id % 20000) / 7.0D) AS fraction",
            "IF(id % 10 = 0, NULL, DATE_ADD(DATE'1970-01-01', CAST(id % 20000 AS INT))) AS day",
            "IF(id % 10 = 0, NULL, CONCAT('city ', id % 20000)) AS name",
            "CAST(NULL AS STRING) AS nothing",
            "IF(id % 10 = 0, NULL, CAST(id % 3 AS INT)) AS few");
  }

  @Test
  void countsDistinctValuesOfEveryTypeWithinTheSketchError() {
    Dataset<Row> rows = rows();
    StructField[] fields = rows.schema().fields();
    Column[] counts = new Column[fields.length];
    for (int index = 0; index < fields.length; index++) {
      counts[index] = DistinctCounts.of(col(fields[index].name()), fields[index].dataType(), 14);
    }

    Row row = rows.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length)).first();

    for (int index = 0; index < 5; index++) {
      assertThat((double) row.getLong(index))
          .as(fields[index].name())
          .isCloseTo(18_000, within(18_000 * 0.03));
    }
    assertThat(row.getLong(5)).as("only nulls").isZero();
    assertThat(row.getLong(6)).as("small counts are exact").isEqualTo(3);
  }

  @Test
  void noRowsCountNothing() {
    Dataset<Row> none = rows().limit(0);

    Row row =
        none.agg(DistinctCounts.of(col("name"), none.schema().apply("name").dataType(), 12))
            .first();

    assertThat(row.getLong(0)).isZero();
  }
}
