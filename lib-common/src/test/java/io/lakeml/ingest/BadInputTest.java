package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.lake.Columns;
import io.lakeml.lake.Layer;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.testing.TestLakes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input corpus: one landing folder holding every kind of bad CSV file next to good ones,
 * ingested once; each test checks one file's documented outcome, and one checks that no record
 * disappeared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final StructType FLIGHTS =
      StructType.fromDDL("flight_id STRING, departed_at TIMESTAMP_NTZ, delay_minutes INT");
  private static final String HEADER = "flight_id,departed_at,delay_minutes";
  private static final String LONG_ID = "X".repeat(1_000_000);

  private Lake lake;
  private SourceSpec source;
  private Landing landing;
  private IngestReport report;
  private Dataset<Row> bronze;
  private Dataset<Row> rejected;

  @BeforeAll
  void ingestTheCorpus() {
    lake = TestLakes.fresh("bad-input");
    source =
        new SourceSpec(
            TestLakes.uniqueName("corpus"),
            "csv",
            Optional.empty(),
            TestLakes.uniqueTable(Layer.BRONZE, "flights"),
            Map.of("header", "true", "timestampNTZFormat", "yyyy-MM-dd HH:mm"),
            FLIGHTS);
    landing = new Landing(lake, source.name());
    landing.bytes("empty.csv", new byte[0]);
    landing.text("header-only.csv", HEADER);
    landing.gzip("truncated.csv.gz", 300, rows("GZ", 200));
    landing.bytes(
        "latin1.csv",
        (HEADER + "\nOK1,2024-03-10 08:00,1\ncaf\u00e9,2024-03-10 09:00,2\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    landing.text("long-line.csv", HEADER, LONG_ID + ",2024-03-10 08:00,3");
    landing.text("missing-column.csv", "flight_id,delay_minutes", "MC1,4", "MC2,5");
    landing.text(
        "extra-column.csv",
        HEADER + ",gate",
        "EC1,2024-03-10 08:00,6,B12",
        "EC2,2024-03-10 09:00,7,C3");
    landing.text("wrong-types.csv", HEADER, "WT1,yesterday,8", "WT2,2024-03-10 09:00,late");
    landing.text("copy-a.csv", HEADER, "CP1,2024-03-10 08:00,9", "CP2,2024-03-10 09:00,10");
    landing.text("copy-b.csv", HEADER, "CP1,2024-03-10 08:00,9", "CP2,2024-03-10 09:00,10");
    landing.text(
        "field-count.csv",
        HEADER,
        "FC1,2024-03-10 08:00,11",
        "FC2,2024-03-10 09:00",
        "FC3,2024-03-10 10:00,12,extra");
    landing.text(
        "stray-quote.csv",
        HEADER,
        "SQ1,2024-03-10 08:00,13",
        "SQ2,\"2024-03-10 09:00,14",
        "SQ3,2024-03-10 10:00,15",
        "SQ4,\"2024-03-10 11:00\",16");
    report = FileIngest.ingest(lake, source, "run-1");
    bronze = lake.read(source.table(), "ingest").cache();
    rejected = lake.read(source.rejectedTable(), "ingest").cache();
  }

  private static String[] rows(String prefix, int count) {
    String[] lines = new String[count + 1];
    lines[0] = HEADER;
    for (int index = 1; index <= count; index++) {
      lines[index] = prefix + index + ",2024-03-10 08:00," + index;
    }
    return lines;
  }

  private Dataset<Row> bronzeOf(String file) {
    return bronze.where(col(Columns.SOURCE_FILE).endsWith("/" + file));
  }

  private List<Row> rejectedOf(String file) {
    return rejected.where(col(Columns.SOURCE_FILE).endsWith("/" + file)).collectAsList();
  }

  @Test
  void noRecordDisappears() throws IOException {
    long readable = 0;
    try (Stream<Path> files = Files.list(landing.folder())) {
      for (Path file : files.filter(path -> path.toString().endsWith(".csv")).toList()) {
        long lines =
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().count();
        readable += Math.max(0, lines - 1); // less the header
      }
    }
    long unreadableFiles = 1;

    assertThat(readable).isEqualTo(20);
    assertThat(bronze.count() + rejected.count()).isEqualTo(readable + unreadableFiles);
    assertThat(report.rows()).isEqualTo(bronze.count()).isEqualTo(16);
    assertThat(report.rejected()).isEqualTo(rejected.count()).isEqualTo(5);
    assertThat(report.filesSeen()).isEqualTo(12);
    // The empty file has no byte to read: Spark's file source never hands it to a batch.
    assertThat(report.filesIngested()).isEqualTo(11);
    assertThat(report.filesSkipped()).isEqualTo(1);
  }

  @Test
  void emptyAndHeaderOnlyFilesAreIngestedWithNoRows() {
    assertThat(bronzeOf("empty.csv").count()).isZero();
    assertThat(bronzeOf("header-only.csv").count()).isZero();
    assertThat(rejectedOf("empty.csv")).isEmpty();
    assertThat(rejectedOf("header-only.csv")).isEmpty();
  }

  @Test
  void aTruncatedGzipFileIsRejectedWholeNamingTheError() {
    List<Row> rows = rejectedOf("truncated.csv.gz");

    assertThat(bronzeOf("truncated.csv.gz").count()).isZero();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<String>getAs(Columns.REJECT_REASON))
        .startsWith("unreadable file: ")
        .contains("Unexpected end of input stream");
    assertThat(rows.get(0).<String>getAs(Columns.RUN_ID)).isEqualTo("run-1");
  }

  @Test
  void aLineWithBytesThatAreNotUtf8IsRejectedAndTheOthersIngested() {
    List<Row> rows = rejectedOf("latin1.csv");

    assertThat(
            bronzeOf("latin1.csv")
                .select("flight_id")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly("OK1");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<String>getAs(Columns.REJECT_REASON))
        .isEqualTo("undecodable bytes: not valid UTF-8");
    // The reader parsed this line; its raw record is rebuilt from the fields.
    assertThat(rows.get(0).<String>getAs(Columns.RAW_RECORD))
        .startsWith("{\"flight_id\":\"caf\uFFFD\"")
        .contains("2024-03-10T09:00");
  }

  @Test
  void aOneMegabyteLineIsIngestedWhole() {
    Row row = bronzeOf("long-line.csv").first();

    assertThat(row.<String>getAs("flight_id")).isEqualTo(LONG_ID);
    assertThat(row.<Integer>getAs("delay_minutes")).isEqualTo(3);
  }

  @Test
  void aFileWithoutADeclaredColumnIsIngestedWithTheColumnNull() {
    List<Row> rows = bronzeOf("missing-column.csv").orderBy("flight_id").collectAsList();

    assertThat(rows).extracting(row -> row.<Integer>getAs("delay_minutes")).containsExactly(4, 5);
    assertThat(rows).allSatisfy(row -> assertThat(row.<Object>getAs("departed_at")).isNull());
    assertThat(rows)
        .allSatisfy(row -> assertThat(row.<Object>getAs(Columns.RESCUED_DATA)).isNull());
  }

  @Test
  void aColumnTheSchemaLacksIsKeptInRescuedData() {
    List<Row> rows = bronzeOf("extra-column.csv").orderBy("flight_id").collectAsList();

    assertThat(rows)
        .extracting(row -> row.getJavaMap(row.fieldIndex(Columns.RESCUED_DATA)))
        .containsExactly(Map.of("gate", "B12"), Map.of("gate", "C3"));
    assertThat(rows).extracting(row -> row.<Integer>getAs("delay_minutes")).containsExactly(6, 7);
    assertThat(bronze.columns()).doesNotContain("gate");
  }

  @Test
  void valuesOfTheWrongTypeAreRescued() {
    List<Row> rows = bronzeOf("wrong-types.csv").orderBy("flight_id").collectAsList();

    assertThat(rows.get(0).<Object>getAs("departed_at")).isNull();
    assertThat(rows.get(0).getJavaMap(rows.get(0).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("departed_at", "yesterday"));
    assertThat(rows.get(1).<Object>getAs("delay_minutes")).isNull();
    assertThat(rows.get(1).getJavaMap(rows.get(1).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("delay_minutes", "late"));
    assertThat(report.rescued()).isEqualTo(4); // two wrong-type rows and two extra-column rows
  }

  @Test
  void theSameContentUnderTwoNamesIsIngestedOncePerFile() {
    assertThat(bronzeOf("copy-a.csv").count()).isEqualTo(2);
    assertThat(bronzeOf("copy-b.csv").count()).isEqualTo(2);
  }

  @Test
  void linesWithTheWrongNumberOfFieldsAreRejectedWithTheirText() {
    List<Row> rows = rejectedOf("field-count.csv");

    assertThat(bronzeOf("field-count.csv").count()).isEqualTo(1);
    assertThat(rows)
        .extracting(row -> row.<String>getAs(Columns.RAW_RECORD))
        .containsExactlyInAnyOrder("FC2,2024-03-10 09:00", "FC3,2024-03-10 10:00,12,extra");
    assertThat(rows)
        .allSatisfy(
            row ->
                assertThat(row.<String>getAs(Columns.REJECT_REASON))
                    .isEqualTo("malformed csv record"));
  }

  /**
   * Lines are parsed one by one: an unclosed quote costs its own line, never the lines after it.
   * (With {@code multiLine = true} Spark would read on to the next quote and merge three lines into
   * one value, with no reject.)
   */
  @Test
  void aLineWithAnUnclosedQuoteIsRejectedAndTheLinesAfterItIngested() {
    List<Row> rows = rejectedOf("stray-quote.csv");

    assertThat(
            bronzeOf("stray-quote.csv")
                .orderBy("flight_id")
                .select("flight_id", "delay_minutes")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[SQ1,13]", "[SQ3,15]", "[SQ4,16]");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<String>getAs(Columns.RAW_RECORD))
        .isEqualTo("SQ2,\"2024-03-10 09:00,14");
    assertThat(rows.get(0).<String>getAs(Columns.REJECT_REASON)).isEqualTo("malformed csv record");
  }
}
