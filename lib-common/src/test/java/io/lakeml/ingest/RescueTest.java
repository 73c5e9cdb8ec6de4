package io.lakeml.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.lake.Columns;
import io.lakeml.testing.TestSpark;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RescueTest {
  private static final StructType FLIGHTS =
      StructType.fromDDL("flight_id STRING, departed_at TIMESTAMP_NTZ, delay_minutes INT");
  private static final Map<String, String> FORMATS =
      Map.of("timestampNTZFormat", "yyyy-MM-dd HH:mm");

  /** Raw CSV rows: every value as text, plus the reader's corrupt-record column and the file. */
  private static Dataset<Row> rawCsv(String columns, Object[]... rows) {
    StructType schema =
        StructType.fromDDL(
            columns + ", _corrupt_record STRING, _source_file STRING, _file_modified_at TIMESTAMP");
    List<Row> data =
        Arrays.stream(rows)
            .map(
                values -> {
                  Object[] all = Arrays.copyOf(values, values.length + 2);
                  all[values.length] = "file:/raw/day-1.csv";
                  all[values.length + 1] = Timestamp.valueOf("2024-03-10 08:00:00");
                  return RowFactory.create(all);
                })
            .toList();
    return TestSpark.session().createDataFrame(data, schema);
  }

  private static List<Row> typed(Dataset<Row> raw, String format) {
    return Rescue.typed(raw, FLIGHTS, FORMATS, format).orderBy("flight_id").collectAsList();
  }

  @Test
  void valuesThatFitAreTypedWithTheDeclaredFormatAndNothingIsRescued() {
    List<Row> rows =
        typed(
            rawCsv(
                "flight_id STRING, departed_at STRING, delay_minutes STRING",
                new Object[] {"AA1", "2024-03-10 02:30", "5", null}),
            "csv");

    Row row = rows.get(0);
    assertThat(row.<LocalDateTime>getAs("departed_at"))
        .isEqualTo(LocalDateTime.of(2024, 3, 10, 2, 30));
    assertThat(row.<Integer>getAs("delay_minutes")).isEqualTo(5);
    assertThat(row.<Object>getAs(Columns.RESCUED_DATA)).isNull();
    assertThat(row.<String>getAs(Columns.REJECT_REASON)).isNull();
    assertThat(row.<String>getAs(Columns.SOURCE_FILE)).isEqualTo("file:/raw/day-1.csv");
  }

  @Test
  void aValueThatDoesNotFitIsNulledInItsColumnAndKeptAsTextInRescuedData() {
    List<Row> rows =
        typed(
            rawCsv(
                "flight_id STRING, departed_at STRING, delay_minutes STRING",
                new Object[] {"AA1", "10/03/2024", "late", null},
                new Object[] {"AA2", "2024-03-10 09:00", null, null}),
            "csv");

    assertThat(rows.get(0).<Object>getAs("departed_at")).isNull();
    assertThat(rows.get(0).<Object>getAs("delay_minutes")).isNull();
    assertThat(rows.get(0).getJavaMap(rows.get(0).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("departed_at", "10/03/2024", "delay_minutes", "late"));
    // A missing value is null, not a rescue.
    assertThat(rows.get(1).<Object>getAs(Columns.RESCUED_DATA)).isNull();
  }

  @Test
  void aColumnTheSchemaLacksIsRescuedAndAMissingOneIsNull() {
    List<Row> rows =
        typed(rawCsv("flight_id STRING, gate STRING", new Object[] {"AA1", "B12", null}), "csv");

    assertThat(rows.get(0).getJavaMap(rows.get(0).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("gate", "B12"));
    assertThat(rows.get(0).<Object>getAs("departed_at")).isNull();
    assertThat(rows.get(0).schema().fieldNames())
        .containsExactly(
            "flight_id",
            "departed_at",
            "delay_minutes",
            Columns.RESCUED_DATA,
            Columns.REJECT_REASON,
            Columns.RAW_RECORD,
            Columns.SOURCE_FILE,
            Columns.FILE_MODIFIED_AT);
  }

  @Test
  void aMalformedRecordIsRejectedWithItsRawText() {
    List<Row> rows =
        typed(
            rawCsv(
                "flight_id STRING, departed_at STRING, delay_minutes STRING",
                new Object[] {"AA1", "2024-03-10 02:30", null, "AA1,2024-03-10 02:30"}),
            "csv");

    assertThat(rows.get(0).<String>getAs(Columns.REJECT_REASON)).isEqualTo("malformed csv record");
    assertThat(rows.get(0).<String>getAs(Columns.RAW_RECORD)).isEqualTo("AA1,2024-03-10 02:30");
  }

  @Test
  void textWithBytesThatDidNotDecodeIsRejected() {
    List<Row> rows =
        typed(
            rawCsv(
                "flight_id STRING, departed_at STRING, delay_minutes STRING",
                new Object[] {"A\uFFFD1", "2024-03-10 02:30", "5", null}),
            "csv");

    assertThat(rows.get(0).<String>getAs(Columns.REJECT_REASON))
        .isEqualTo("undecodable bytes: not valid UTF-8");
    assertThat(rows.get(0).<String>getAs(Columns.RAW_RECORD))
        .isEqualTo(
            "{\"flight_id\":\"A\uFFFD1\",\"departed_at\":\"2024-03-10 02:30\",\"delay_minutes\":\"5\"}");
  }

  @Test
  void typedValuesAreCastAndRescuedWhenTheCastFails() {
    List<Row> rows =
        typed(
            rawCsv(
                "flight_id STRING, delay_minutes BIGINT",
                new Object[] {"AA1", 7L, null},
                new Object[] {"AA2", 9_000_000_000L, null}),
            "parquet");

    assertThat(rows.get(0).<Integer>getAs("delay_minutes")).isEqualTo(7);
    assertThat(rows.get(1).<Object>getAs("delay_minutes")).isNull();
    assertThat(rows.get(1).getJavaMap(rows.get(1).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("delay_minutes", "9000000000"));
  }
}
