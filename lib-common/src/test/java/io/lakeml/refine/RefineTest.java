package io.lakeml.refine;

import static io.lakeml.testing.Flights.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.Flights;
import io.lakeml.testing.TestSpark;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RefineTest {
  /** The declared silver schema: a different order and different types than bronze. */
  private static final StructType SILVER =
      StructType.fromDDL("flight_id STRING, delay_minutes INT, departed_on DATE");

  @Test
  void typedCastsToTheDeclaredSchemaInItsOrder() {
    Dataset<Row> typed =
        Refine.typed(
            Bronze.rows(Bronze.row("2024-03-10", "AA1", "15", "SFO", "raw/a.csv")),
            Optional.of(SILVER));

    assertThat(typed.schema())
        .isEqualTo(
            SILVER
                .add("_source_file", DataTypes.StringType)
                .add("_file_modified_at", DataTypes.TimestampType)
                .add("_ingested_at", DataTypes.TimestampType));
    Row row = typed.first();
    assertThat(row.<Integer>getAs("delay_minutes")).isEqualTo(15);
    assertThat(row.<java.sql.Date>getAs("departed_on").toLocalDate())
        .isEqualTo(java.time.LocalDate.of(2024, 3, 10));
    assertThat(row.<String>getAs("_source_file")).isEqualTo("raw/a.csv");
    assertThat(row.<Timestamp>getAs("_ingested_at")).isEqualTo(Bronze.INGESTED_AT);
  }

  @Test
  void typedWithoutASchemaKeepsTheDataColumnsAsTheyAre() {
    Dataset<Row> bronze = Bronze.rows(Bronze.row("2024-03-10", "AA1", "15", "SFO", "raw/a.csv"));

    Dataset<Row> typed = Refine.typed(bronze, Optional.empty());

    assertThat(typed.columns())
        .containsExactly(
            "departed_on",
            "flight_id",
            "delay_minutes",
            "origin",
            "_source_file",
            "_file_modified_at",
            "_ingested_at");
    assertThat(typed.schema().apply("delay_minutes").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(typed.first().<String>getAs("delay_minutes")).isEqualTo("15");
  }

  @Test
  void typedWithoutLineageColumnsSelectsOnlyTheDeclaredOnes() {
    Dataset<Row> typed =
        Refine.typed(
            Bronze.rows(Bronze.row("2024-03-10", "AA1", "15", "SFO", "raw/a.csv"))
                .drop("_source_file", "_file_modified_at", "_ingested_at"),
            Optional.of(SILVER));

    assertThat(typed.columns()).containsExactly("flight_id", "delay_minutes", "departed_on");
  }

  @Test
  void typedTurnsAMalformedValueIntoNullInsteadOfFailing() {
    Dataset<Row> typed =
        Refine.typed(
            Bronze.rows(
                Bronze.row("2024-03-10", "AA1", "n/a", "SFO", "raw/a.csv"),
                Bronze.row("2024-03-10", "AA2", "7", "SFO", "raw/a.csv")),
            Optional.of(SILVER));

    assertThat(Flights.lines(typed.select("flight_id", "delay_minutes")))
        .containsExactly("AA1|null", "AA2|7");
  }

  @Test
  void latestPerKeyKeepsTheRowWithTheHighestOrderValue() {
    Dataset<Row> latest =
        Refine.latestPerKey(
            Flights.rows(
                row("AA1", "SFO", 1, 1L),
                row("AA1", "SFO", 3, 3L),
                row("AA1", "SFO", 2, 2L),
                row("AA2", "LAX", 9, 1L)),
            List.of("flight_id"),
            "updated_at");

    assertThat(latest.columns()).containsExactly(Flights.SCHEMA.fieldNames());
    assertThat(Flights.lines(latest)).containsExactly("AA1|SFO|3|3", "AA2|LAX|9|1");
  }

  @Test
  void latestPerKeyPrefersAnOrderValueOverNull() {
    Dataset<Row> latest =
        Refine.latestPerKey(
            Flights.rows(row("AA1", "SFO", 1, null), row("AA1", "SFO", 2, 1L)),
            List.of("flight_id"),
            "updated_at");

    assertThat(Flights.lines(latest)).containsExactly("AA1|SFO|2|1");
  }

  @Test
  void latestPerKeyBreaksTiesBySourceFileTheSameWayWhateverTheInputOrder() {
    Row fromA = Bronze.row("2024-03-10", "AA1", "1", "SFO", "raw/day-1.csv");
    Row fromB = Bronze.row("2024-03-10", "AA1", "2", "SFO", "raw/day-2.csv");

    for (List<Row> rows : List.of(List.of(fromA, fromB), List.of(fromB, fromA))) {
      Dataset<Row> latest =
          Refine.latestPerKey(
              Bronze.rows(rows.toArray(Row[]::new)).repartition(2),
              List.of("flight_id"),
              "departed_on");

      assertThat(Flights.lines(latest.select("flight_id", "delay_minutes", "_source_file")))
          .containsExactly("AA1|2|raw/day-2.csv");
    }
  }

  @Test
  void latestPerKeyTreatsNullKeysAsOneKey() {
    Dataset<Row> latest =
        Refine.latestPerKey(
            Flights.rows(
                row(null, "SFO", 1, 1L), row(null, "LAX", 2, 2L), row("AA1", "SEA", 3, 1L)),
            List.of("flight_id"),
            "updated_at");

    assertThat(Flights.lines(latest)).containsExactly("AA1|SEA|3|1", "null|LAX|2|2");
  }

  @Test
  void latestPerKeyUsesEveryKeyColumn() {
    Dataset<Row> latest =
        Refine.latestPerKey(
            Flights.rows(
                row("AA1", "SFO", 1, 1L),
                row("AA1", "SFO", 2, 2L),
                row("AA1", "LAX", 3, 1L),
                row("AA2", "SFO", 4, 1L),
                row("AA2", null, 5, 1L)),
            List.of("flight_id", "origin"),
            "updated_at");

    assertThat(Flights.lines(latest))
        .containsExactly("AA1|LAX|3|1", "AA1|SFO|2|2", "AA2|SFO|4|1", "AA2|null|5|1");
  }

  /** Bronze rows as ingested from CSV with string columns, plus every metadata column. */
  private static final class Bronze {
    static final Timestamp INGESTED_AT = Timestamp.valueOf("2024-03-10 12:00:00");
    static final StructType SCHEMA =
        new StructType()
            .add("departed_on", DataTypes.StringType)
            .add("flight_id", DataTypes.StringType)
            .add("delay_minutes", DataTypes.StringType)
            .add("origin", DataTypes.StringType)
            .add("_source_file", DataTypes.StringType)
            .add("_file_modified_at", DataTypes.TimestampType)
            .add("_ingested_at", DataTypes.TimestampType)
            .add("_run_id", DataTypes.StringType);

    static Row row(
        String departedOn, String flightId, String delayMinutes, String origin, String file) {
      return RowFactory.create(
          departedOn, flightId, delayMinutes, origin, file, INGESTED_AT, INGESTED_AT, "run-1");
    }

    static Dataset<Row> rows(Row... rows) {
      return TestSpark.session().createDataFrame(Arrays.asList(rows), SCHEMA);
    }
  }
}
