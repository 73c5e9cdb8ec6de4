package io.lakeml.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Columns;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.testing.TestLakes;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileIngestTest {
  /** A CSV source with a wall-clock departure time (no zone) and a custom timestamp format. */
  private static final StructType FLIGHTS =
      StructType.fromDDL("flight_id STRING, departed_at TIMESTAMP_NTZ, delay_minutes INT");

  private static final Map<String, String> CSV =
      Map.of("header", "true", "timestampNTZFormat", "yyyy-MM-dd HH:mm");

  private Lake lake;
  private TableId bronze;

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("ingest");
    bronze = TestLakes.uniqueTable(Layer.BRONZE, "flights");
  }

  @Test
  void firstIngestLoadsEveryRowOfEveryFileWithItsMetadata() throws IOException {
    SourceSpec source = csvSource("flights");
    Path dayOne =
        landCsv(
            "flights",
            "day-1.csv",
            "AA1,2024-03-10 02:30,5", // 02:30 does not exist in America/Los_Angeles that day
            "AA2,2024-11-03 01:30,0"); // 01:30 happens twice there that day
    Path dayTwo = landCsv("flights", "day-2.csv", "AA3,2024-11-04 23:59,7");
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    TableWrite write = FileIngest.ingest(lake, source, "run-1").bronze();

    assertThat(write).isEqualTo(new TableWrite(bronze, 0, 3, false));
    List<Row> rows = lake.read(bronze, "ingest").orderBy("flight_id").collectAsList();
    assertThat(rows)
        .extracting(
            row ->
                row.getAs("flight_id")
                    + " "
                    + row.getAs("departed_at")
                    + " "
                    + row.getAs("delay_minutes"))
        .containsExactly(
            "AA1 2024-03-10T02:30 5", "AA2 2024-11-03T01:30 0", "AA3 2024-11-04T23:59 7");
    assertThat(rows.get(0).<LocalDateTime>getAs("departed_at"))
        .isEqualTo(LocalDateTime.of(2024, 3, 10, 2, 30));
    assertThat(rows)
        .extracting(row -> Path.of(URI.create(row.getAs(Columns.SOURCE_FILE))))
        .containsExactly(dayOne, dayOne, dayTwo);
    assertThat(rows)
        .extracting(row -> row.<Timestamp>getAs(Columns.FILE_MODIFIED_AT).toInstant())
        .containsExactly(modified(dayOne), modified(dayOne), modified(dayTwo));
    for (Row row : rows) {
      assertThat(row.<Timestamp>getAs(Columns.INGESTED_AT).toInstant())
          .isBetween(before, Instant.now());
      assertThat(row.<String>getAs(Columns.RUN_ID)).isEqualTo("run-1");
    }
  }

  @Test
  void secondIngestWithoutNewFilesCommitsNothing() throws IOException {
    SourceSpec source = csvSource("flights");
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");
    FileIngest.ingest(lake, source, "run-1");

    TableWrite again = FileIngest.ingest(lake, source, "run-2").bronze();

    assertThat(again).isEqualTo(new TableWrite(bronze, 0, 0, true));
    assertThat(history()).isEqualTo(1);
    assertThat(lake.read(bronze, "ingest").count()).isEqualTo(1);
  }

  @Test
  void aNewFileIngestsOnlyItsOwnRows() throws IOException {
    SourceSpec source = csvSource("flights");
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5", "AA2,2024-03-10 09:00,0");
    FileIngest.ingest(lake, source, "run-1");
    landCsv(
        "flights",
        "day-2.csv",
        "AA3,2024-03-11 08:00,1",
        "AA4,2024-03-11 09:00,2",
        "AA5,2024-03-11 10:00,3");

    TableWrite write = FileIngest.ingest(lake, source, "run-2").bronze();

    assertThat(write).isEqualTo(new TableWrite(bronze, 1, 3, false));
    Dataset<Row> rows = lake.read(bronze, "ingest");
    assertThat(rows.count()).isEqualTo(5);
    assertThat(runOfEachFlight(rows))
        .containsExactly("AA1 run-1", "AA2 run-1", "AA3 run-2", "AA4 run-2", "AA5 run-2");
  }

  @Test
  void fileNamesWithGlobCharactersAndSpacesAreReadAsTheyAre() throws IOException {
    SourceSpec source = csvSource("flights");
    Path brackets = landCsv("flights", "day [1].csv", "AA1,2024-03-10 08:00,5");
    Path star = landCsv("flights", "day *{2,3}?.csv", "AA2,2024-03-11 08:00,6");
    // Read as globs, these names would match each other or nothing.
    landCsv("flights", "day 1.csv", "AA3,2024-03-12 08:00,7");

    TableWrite write = FileIngest.ingest(lake, source, "run-1").bronze();

    assertThat(write.rowsWritten()).isEqualTo(3);
    List<Row> rows = lake.read(bronze, "ingest").orderBy("flight_id").collectAsList();
    assertThat(rows)
        .extracting(row -> Path.of(URI.create(row.getAs(Columns.SOURCE_FILE))))
        .containsExactly(brackets, star, rawFolder("flights").resolve("day 1.csv"));
  }

  @Test
  void aFileRewrittenInPlaceAfterItsIngestIsNotIngestedAgain() throws IOException {
    SourceSpec source = csvSource("flights");
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");
    FileIngest.ingest(lake, source, "run-1");
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5", "AA2,2024-03-10 09:00,0");

    IngestReport report = FileIngest.ingest(lake, source, "run-2");

    assertThat(report.filesIngested()).isZero();
    assertThat(report.bronze().skipped()).isTrue();
    assertThat(lake.read(bronze, "ingest").count()).isEqualTo(1);
  }

  @Test
  void bronzeFilesKeepParquetStatisticsOnDataColumnsOnlyAndMicrosecondTimestamps()
      throws IOException {
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5", "AA2,2024-03-10 09:00,7");

    FileIngest.ingest(lake, csvSource("flights"), "run-1");

    Path table = Path.of(URI.create(lake.layout().table(bronze)));
    Path file;
    try (Stream<Path> files = Files.list(table)) {
      file = files.filter(path -> path.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Map<String, ColumnChunkMetaData> chunks = new HashMap<>();
    MessageType schema;
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()),
                lake.spark().sparkContext().hadoopConfiguration()))) {
      reader
          .getFooter()
          .getBlocks()
          .get(0)
          .getColumns()
          .forEach(chunk -> chunks.put(chunk.getPath().toDotString(), chunk));
      schema = reader.getFooter().getFileMetaData().getSchema();
    }
    assertThat(chunks.get("flight_id").getStatistics().hasNonNullValue()).isTrue();
    assertThat(chunks.get(Columns.INGESTED_AT).getStatistics().hasNonNullValue()).isTrue();
    assertThat(chunks.get(Columns.SOURCE_FILE).getStatistics().hasNonNullValue()).isFalse();
    assertThat(chunks.get(Columns.RUN_ID).getStatistics().hasNonNullValue()).isFalse();
    for (String column : List.of(Columns.INGESTED_AT, Columns.FILE_MODIFIED_AT)) {
      PrimitiveType type = schema.getType(column).asPrimitiveType();
      assertThat(type.getPrimitiveTypeName()).as(column).isEqualTo(PrimitiveTypeName.INT64);
      assertThat(type.getLogicalTypeAnnotation())
          .as(column)
          .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
    }
  }

  @Test
  void bronzeKeepsDataSkippingStatisticsOnTheLineageTimestampsOnly() throws IOException {
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");

    FileIngest.ingest(lake, csvSource("flights"), "run-1");

    Map<String, String> properties =
        DeltaTable.forPath(lake.spark(), lake.layout().table(bronze))
            .detail()
            .select("properties")
            .first()
            .getJavaMap(0);
    assertThat(properties)
        .containsEntry("delta.dataSkippingStatsColumns", "`_file_modified_at`,`_ingested_at`");
  }

  @Test
  void aSourceMovedToAnotherFolderStopsNamingTheKeyAndBothFoldersUntilItIsMovedBack()
      throws IOException {
    SourceSpec source = csvSource("flights");
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");
    FileIngest.ingest(lake, source, "run-1");
    Path elsewhere = Files.createDirectories(rawFolder("flights").resolveSibling("moved"));
    Files.writeString(
        elsewhere.resolve("day-1.csv"),
        "flight_id,departed_at,delay_minutes\nAA9,2024-03-10 09:00,1\n");
    SourceSpec moved =
        new SourceSpec("flights", "csv", Optional.of(elsewhere.toString()), bronze, CSV, FLIGHTS);

    assertThatThrownBy(() -> FileIngest.ingest(lake, moved, "run-2"))
        .isInstanceOfSatisfying(
            LakeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("sources.flights.path")
        .hasMessageContaining("file:" + elsewhere)
        .hasMessageContaining("file:" + rawFolder("flights"));
    assertThat(history()).isEqualTo(1);

    // A checkpoint made before the folder was recorded gets the record from its next run.
    Path record =
        Path.of(URI.create(lake.layout().checkpoint("flights"))).resolve(StreamFolder.FILE);
    assertThat(record).content().isEqualToIgnoringNewLines("file:" + rawFolder("flights"));
    Files.delete(record);
    landCsv("flights", "day-2.csv", "AA2,2024-03-11 08:00,0");
    assertThat(FileIngest.ingest(lake, source, "run-3").rows()).isEqualTo(1);
    assertThat(record).content().isEqualToIgnoringNewLines("file:" + rawFolder("flights"));
    assertThat(runOfEachFlight(lake.read(bronze, "ingest")))
        .containsExactly("AA1 run-1", "AA2 run-3");
  }

  /**
   * Spark's {@code cleanSource} moves a batch's files once its commit is done, when the stream
   * starts its next batch: within the run for every batch but the last, whose files move at the
   * start of the next run. Nothing is ingested twice either way.
   */
  @Test
  void cleanSourceArchiveMovesIngestedFilesOutOfTheLandingFolder()
      throws IOException, InterruptedException {
    Path archive = rawFolder("flights").resolveSibling("archive");
    Map<String, String> options = new HashMap<>(CSV);
    options.put("cleanSource", "archive");
    options.put("sourceArchiveDir", archive.toString());
    SourceSpec source = flights(options, FLIGHTS).withMaxFilesPerBatch(1);
    Path first = landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");
    // The stream takes the oldest file first: day-1 is the first batch, day-2 the last.
    Files.setLastModifiedTime(first, FileTime.from(Instant.now().minusSeconds(60)));
    landCsv("flights", "day-2.csv", "AA2,2024-03-11 08:00,0");

    assertThat(FileIngest.ingest(lake, source, "run-1").rows()).isEqualTo(2);
    Path moved = archive.resolve(rawFolder("flights").toString().substring(1));
    awaitMoved(moved.resolve("day-1.csv"));
    assertThat(rawFolder("flights").resolve("day-1.csv")).doesNotExist();
    assertThat(rawFolder("flights").resolve("day-2.csv")).exists(); // the run's last batch

    landCsv("flights", "day-3.csv", "AA3,2024-03-12 08:00,1");
    IngestReport second = FileIngest.ingest(lake, source, "run-2");

    assertThat(second.rows()).isEqualTo(1);
    awaitMoved(moved.resolve("day-2.csv"));
    assertThat(rawFolder("flights").resolve("day-2.csv")).doesNotExist();
    assertThat(runOfEachFlight(lake.read(bronze, "ingest")))
        .containsExactly("AA1 run-1", "AA2 run-1", "AA3 run-2");
  }

  @Test
  void anArchiveFolderInsideTheLandingFolderIsRefusedNamingTheKey() throws IOException {
    Path inside = rawFolder("flights").resolve("_archive");
    SourceSpec source =
        flights(
            Map.of(
                "header", "true", "cleanSource", "archive", "sourceArchiveDir", inside.toString()),
            FLIGHTS);
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");

    assertThatThrownBy(() -> FileIngest.ingest(lake, source, "run-1"))
        .isInstanceOfSatisfying(
            LakeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("sources.flights.options.sourceArchiveDir is file:" + inside)
        .hasMessageContaining("inside the source's folder file:" + rawFolder("flights"));
    assertThat(lake.exists(bronze)).isFalse();
  }

  /** Spark moves files on a thread of its own; waits up to 10 s for {@code file} to arrive. */
  private static void awaitMoved(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(file).exists();
  }

  @Test
  void readsAJsonArrayFileWithMultiLine() throws IOException {
    SourceSpec source =
        new SourceSpec(
            "flights",
            "json",
            Optional.empty(),
            bronze,
            Map.of("multiLine", "true"),
            StructType.fromDDL("flight_id STRING, delay_minutes INT"));
    land(
        "flights",
        "day-1.json",
        """
        [
          {"flight_id": "AA1",
           "delay_minutes": 5},
          {"flight_id": "AA2",
           "delay_minutes": 0}
        ]
        """);

    TableWrite write = FileIngest.ingest(lake, source, "run-1").bronze();

    assertThat(write.rowsWritten()).isEqualTo(2);
    assertThat(
            lake.read(bronze, "ingest").orderBy("flight_id").collectAsList().stream()
                .map(row -> row.getString(0) + " " + row.getInt(1))
                .toList())
        .containsExactly("AA1 5", "AA2 0");
  }

  @Test
  void readsCsvValuesWithLineBreaksInsideQuotesWithMultiLine() throws IOException {
    SourceSpec source =
        flights(
            Map.of("header", "true", "multiLine", "true"),
            StructType.fromDDL("flight_id STRING, remark STRING, delay_minutes INT"));
    land(
        "flights",
        "day-1.csv",
        """
        flight_id,remark,delay_minutes
        AA1,"gate changed
        then delayed",5
        AA2,on time,0
        """);

    IngestReport report = FileIngest.ingest(lake, source, "run-1");

    assertThat(report.rows()).isEqualTo(2);
    assertThat(report.rejected()).isZero();
    assertThat(
            lake.read(bronze, "ingest").orderBy("flight_id").collectAsList().stream()
                .map(row -> row.getString(0) + "|" + row.getString(1) + "|" + row.getInt(2))
                .toList())
        .containsExactly("AA1|gate changed\nthen delayed|5", "AA2|on time|0");
  }

  @Test
  void twoSourcesAppendToTheSameBronzeTable() throws IOException {
    SourceSpec east = csvSource("flights_east");
    SourceSpec west = csvSource("flights_west");
    landCsv("flights_east", "day-1.csv", "AA1,2024-03-10 08:00,5");
    landCsv("flights_west", "day-1.csv", "UA1,2024-03-10 08:00,7", "UA2,2024-03-10 09:00,9");

    TableWrite first = FileIngest.ingest(lake, east, "run-1").bronze();
    TableWrite second = FileIngest.ingest(lake, west, "run-1").bronze();

    assertThat(first).isEqualTo(new TableWrite(bronze, 0, 1, false));
    assertThat(second).isEqualTo(new TableWrite(bronze, 1, 2, false));
    assertThat(runOfEachFlight(lake.read(bronze, "ingest")))
        .containsExactly("AA1 run-1", "UA1 run-1", "UA2 run-1");
  }

  @Test
  void ingestLeavesTheCallersSessionSerializable() throws IOException {
    landCsv("flights", "day-1.csv", "AA1,2024-03-10 08:00,5");

    FileIngest.ingest(lake, csvSource("flights"), "run-1");

    // Spark ML serializes the session with some models; ingest's observations must not break it.
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(lake.spark());
    }
    assertThat(lake.spark().conf().get("spark.sql.timestampType")).isEqualTo("TIMESTAMP_LTZ");
  }

  @Test
  void anEmptySourceFolderCreatesNoTable() throws IOException {
    Files.createDirectories(rawFolder("flights"));

    TableWrite write = FileIngest.ingest(lake, csvSource("flights"), "run-1").bronze();

    assertThat(write.rowsWritten()).isZero();
    assertThat(write.skipped()).isTrue();
    assertThat(lake.exists(bronze)).isFalse();
  }

  private static Instant modified(Path file) throws IOException {
    return Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
  }

  private SourceSpec csvSource(String name) {
    return new SourceSpec(name, "csv", Optional.empty(), bronze, CSV, FLIGHTS);
  }

  /**
   * The CSV source {@code flights}, landing in the lake's raw folder, read with {@code options}.
   */
  private SourceSpec flights(Map<String, String> options, StructType schema) {
    return new SourceSpec("flights", "csv", Optional.empty(), bronze, options, schema);
  }

  /** Writes a CSV file with a header line into the source's landing folder. */
  private Path landCsv(String source, String file, String... lines) throws IOException {
    return land(
        source, file, "flight_id,departed_at,delay_minutes\n" + String.join("\n", lines) + "\n");
  }

  private Path land(String source, String file, String content) throws IOException {
    Path folder = Files.createDirectories(rawFolder(source));
    return Files.writeString(folder.resolve(file), content);
  }

  private Path rawFolder(String source) {
    return Path.of(URI.create(lake.layout().raw(source)));
  }

  private long history() {
    return DeltaTable.forPath(lake.spark(), lake.layout().table(bronze)).history().count();
  }

  private static List<String> runOfEachFlight(Dataset<Row> rows) {
    return rows.orderBy("flight_id").collectAsList().stream()
        .map(row -> row.getAs("flight_id") + " " + row.getAs(Columns.RUN_ID))
        .toList();
  }
}
