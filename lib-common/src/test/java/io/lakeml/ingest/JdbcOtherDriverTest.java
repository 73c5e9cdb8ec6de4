package io.lakeml.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.config.ConfigFiles;
import io.lakeml.delta.Lake;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.testing.TestLakes;
import io.lakeml.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JDBC source on another database than PostgreSQL (H2, in memory), its driver named by
 * configuration: the watermark read and commit do not depend on the database.
 */
class JdbcOtherDriverTest {
  private Connection keepAlive;
  private String url;
  private Lake lake;
  private Path dir;

  @BeforeEach
  void setUp() throws SQLException {
    String database = TestLakes.uniqueName("shop");
    url = "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(url, "sa", "h2-secret");
    sql(
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DECIMAL(10, 2), updated_at TIMESTAMP)",
        "INSERT INTO orders VALUES (1, 1.50, TIMESTAMP '2024-03-10 08:00:01'),"
            + " (2, 3.00, TIMESTAMP '2024-03-10 08:00:02')");
    lake = TestLakes.fresh("h2");
    dir = TestSpark.scratch("h2");
    ConfigFiles.write(dir, "h2.properties", "user = sa\npassword = h2-secret\n");
  }

  @AfterEach
  void tearDown() throws SQLException {
    sql("DROP ALL OBJECTS");
    keepAlive.close();
  }

  @Test
  void anH2TableIsReadPastItsWatermarkWithTheDriverFromConfiguration() throws SQLException {
    SourceSpec source = source();

    IngestReport first = JdbcIngest.ingest(lake, source, "run-1");
    sql("INSERT INTO orders VALUES (3, 4.50, TIMESTAMP '2024-03-11 09:00:00')");
    IngestReport second = JdbcIngest.ingest(lake, source, "run-2");
    IngestReport third = JdbcIngest.ingest(lake, source, "run-3");

    assertThat(first.rows()).isEqualTo(2);
    // Spark's H2 dialect reads TIMESTAMP as an instant in the JVM's zone (PostgreSQL's as
    // TIMESTAMP_NTZ), so the watermark's text depends on the zone; its order does not.
    assertThat(first.watermark()).isPresent();
    assertThat(second.rows()).isEqualTo(1);
    assertThat(second.watermark().orElseThrow()).isGreaterThan(first.watermark().orElseThrow());
    assertThat(third.rows()).isZero();
    assertThat(third.bronze().skipped()).isTrue();
    assertThat(
            lake.read(source.table(), "ingest")
                .orderBy("id")
                .select("id")
                .as(Encoders.LONG())
                .collectAsList())
        .containsExactly(1L, 2L, 3L);
  }

  private SourceSpec source() {
    Path file =
        ConfigFiles.write(
            dir,
            "pipelines/shop.conf",
            String.format(
                """
                name = shop
                sources.orders {
                  format = jdbc
                  table = bronze.%s
                  jdbc {
                    url = "%s"
                    driver = org.h2.Driver
                    table = ORDERS
                    credentials-file = "../h2.properties"
                    watermark-column = UPDATED_AT
                  }
                }
                """,
                TestLakes.uniqueName("orders"), url));
    return PipelineSpec.from(ConfigFiles.load(file), file).sources().get(0);
  }

  private void sql(String... statements) throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
