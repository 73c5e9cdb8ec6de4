package io.lakeml.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.config.ConfigFiles;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Columns;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.testing.TestLakes;
import io.lakeml.testing.TestPostgres;
import io.lakeml.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** JDBC sources against a real PostgreSQL that the test starts itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcIngestTest {
  private static final String PASSWORD = "pg-secret-7f3a";

  private TestPostgres postgres;
  private Path dir;
  private Lake lake;
  private String table;

  @BeforeAll
  void startPostgres() {
    postgres = TestPostgres.start(PASSWORD);
    dir = TestSpark.scratch("jdbc");
    ConfigFiles.write(dir, "pg.properties", "user = lakeml\npassword = " + PASSWORD + "\n");
  }

  @AfterAll
  void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("jdbc");
    table = TestLakes.uniqueName("orders");
    postgres.sql(
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY, customer TEXT, amount NUMERIC(10, 2), updated_at TIMESTAMP)");
    postgres.sql("GRANT SELECT ON " + table + " TO lakeml");
    orders(1, 5, "2024-03-10 08:00:00");
  }

  /** Inserts orders {@code from}..{@code to}, each updated at {@code updatedAt}. */
  private void orders(int from, int to, String updatedAt) {
    postgres.sql(
        String.format(
            "INSERT INTO %s SELECT i, 'customer ' || i, i * 1.5, TIMESTAMP '%s' + i * INTERVAL '1"
                + " second' FROM generate_series(%d, %d) i",
            table, updatedAt, from, to));
  }

  private SourceSpec source(String extra) {
    Path file =
        ConfigFiles.write(
            dir,
            "pipelines/" + table + ".conf",
            String.format(
                """
                name = orders
                sources.orders {
                  format = jdbc
                  table = bronze.%s
                  jdbc {
                    url = "%s"
                    table = %s
                    credentials-file = "../pg.properties"
                    watermark-column = updated_at
                    %s
                  }
                }
                """,
                table, postgres.url(), table, extra));
    return PipelineSpec.from(ConfigFiles.load(file), file).sources().get(0);
  }

  private List<Long> bronzeIds(SourceSpec source) {
    return lake.read(source.table(), "ingest")
        .orderBy("id")
        .select("id")
        .as(Encoders.LONG())
        .collectAsList();
  }

  @Test
  void theFirstRunReadsEveryRowAndCommitsTheWatermarkWithThem() {
    SourceSpec source = source("");

    IngestReport report = JdbcIngest.ingest(lake, source, "run-1");

    assertThat(report.rows()).isEqualTo(5);
    assertThat(report.watermark()).contains("2024-03-10 08:00:05");
    assertThat(bronzeIds(source)).containsExactly(1L, 2L, 3L, 4L, 5L);
    Row commit =
        DeltaTable.forPath(lake.spark(), lake.layout().table(source.table())).history(1).first();
    assertThat(commit.<Long>getAs("version")).isEqualTo(report.bronze().version());
    assertThat(commit.<String>getAs("userMetadata"))
        .contains("\"watermark\":\"2024-03-10 08:00:05\"", "\"source\":\"orders\"");
    Row first = lake.read(source.table(), "ingest").orderBy("id").first();
    assertThat(first.<String>getAs(Columns.SOURCE_FILE)).endsWith(" " + table);
    assertThat(first.<Object>getAs("amount").toString()).isEqualTo("1.50");
  }

  @Test
  void laterRunsReadOnlyRowsPastTheWatermarkAndNothingWhenThereAreNone() {
    SourceSpec source = source("");
    JdbcIngest.ingest(lake, source, "run-1");
    orders(6, 7, "2024-03-11 08:00:00");
    postgres.sql(
        "UPDATE "
            + table
            + " SET amount = 99, updated_at = TIMESTAMP '2024-03-12 00:00:00' WHERE id = 2");

    IngestReport second = JdbcIngest.ingest(lake, source, "run-2");
    IngestReport third = JdbcIngest.ingest(lake, source, "run-3");

    assertThat(second.rows()).isEqualTo(3);
    assertThat(second.watermark()).contains("2024-03-12 00:00:00");
    assertThat(bronzeIds(source)).containsExactly(1L, 2L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(third.rows()).isZero();
    assertThat(third.bronze().skipped()).isTrue();
    assertThat(third.bronze().version()).isEqualTo(second.bronze().version());
  }

  @Test
  void aPartitionedReadSplitsTheNewRowsOnThePartitionColumn() {
    SourceSpec source = source("partition-column = id\nnum-partitions = 3");

    IngestReport report = JdbcIngest.ingest(lake, source, "run-1");

    assertThat(report.rows()).isEqualTo(5);
    Row range = RowFactory.create(5L, "2024-03-10 08:00:05", "1", "5");
    assertThat(
            JdbcReader.partitioned(lake.spark(), source.jdbc().orElseThrow(), range)
                .load()
                .rdd()
                .getNumPartitions())
        .isEqualTo(3);
  }

  @Test
  void aRunThatFailsBeforeItsCommitLeavesTheWatermarkSoTheNextRunReadsTheRows() {
    SourceSpec source = source("");
    JdbcIngest.ingest(lake, source, "run-1");
    orders(6, 7, "2024-03-11 08:00:00");
    SourceSpec badSchema =
        new SourceSpec(
            source.name(),
            source.format(),
            source.path(),
            source.table(),
            source.options(),
            StructType.fromDDL("amount STRING"),
            false,
            source.maxFilesPerBatch(),
            source.jdbc());

    assertThatThrownBy(() -> JdbcIngest.ingest(lake, badSchema, "run-2"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("declares amount STRING but")
        .hasMessageContaining("has amount DECIMAL(10,2)");
    IngestReport retry = JdbcIngest.ingest(lake, source, "run-3");

    assertThat(retry.rows()).isEqualTo(2);
    assertThat(bronzeIds(source)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void aWrongPasswordFailsNamingTheSourceWithoutShowingAnyPassword() {
    postgres.sql("ALTER ROLE lakeml PASSWORD 'rotated-elsewhere'");
    try {
      assertThatThrownBy(() -> JdbcIngest.ingest(lake, source(""), "run-1"))
          .isInstanceOf(LakeException.class)
          .hasMessageContaining("Cannot ingest source orders from jdbc:postgresql://localhost:")
          .hasMessageContaining("password authentication failed for user \"lakeml\"")
          .hasMessageNotContaining(PASSWORD)
          .hasMessageNotContaining("rotated-elsewhere");
    } finally {
      postgres.sql("ALTER ROLE lakeml PASSWORD '" + PASSWORD + "'");
    }
  }
}
