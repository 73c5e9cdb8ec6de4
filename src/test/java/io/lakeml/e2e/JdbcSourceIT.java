package io.lakeml.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.TestPostgres;
import io.lakeml.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bin/lakeml} ingesting a PostgreSQL table, with the password in an environment variable:
 * the rows arrive incrementally, and the password never appears in what the commands print or in
 * the run records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcSourceIT {
  private static final String PASSWORD = "e2e-pg-secret-91c4";

  private final SparkSession spark = TestSpark.session();
  private TestPostgres postgres;
  private Path work;
  private Path pipeline;

  @BeforeAll
  void startPostgres() throws Exception {
    postgres = TestPostgres.start(PASSWORD);
    postgres.sql(
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount NUMERIC(10, 2), updated_at TIMESTAMP)");
    postgres.sql("GRANT SELECT ON orders TO " + TestPostgres.USER);
    insert(1, 100, "2024-03-10 00:00:00");
    work = TestSpark.scratch("e2e-jdbc");
    pipeline = work.resolve("orders.conf");
    Files.writeString(
        pipeline,
        String.format(
            """
            name = shop
            sources.orders {
              format = jdbc
              jdbc {
                url = "%s"
                table = orders
                user = %s
                password = ${?PG_PASSWORD}
                watermark-column = updated_at
                partition-column = id
                num-partitions = 2
              }
            }
            """,
            postgres.url(), TestPostgres.USER));
  }

  @AfterAll
  void stopPostgres() {
    postgres.close();
  }

  private void insert(int from, int to, String updatedAt) {
    postgres.sql(
        String.format(
            "INSERT INTO orders SELECT i, i * 2.5, TIMESTAMP '%s' + i * INTERVAL '1 minute'"
                + " FROM generate_series(%d, %d) i",
            updatedAt, from, to));
  }

  private Lakeml.Outcome lakeml(String... args) throws Exception {
    Lakeml.Outcome outcome = Lakeml.run(work, Map.of("PG_PASSWORD", PASSWORD), args);
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout() + outcome.stderr()).doesNotContain(PASSWORD);
    return outcome;
  }

  @Test
  void ingestReadsNewRowsOnlyAndNeverShowsThePassword() throws Exception {
    String lake = work.resolve("lake").toString();

    Lakeml.Outcome validate = lakeml("validate", pipeline.toString(), "--lake", lake);
    Lakeml.Outcome first = lakeml("ingest", pipeline.toString(), "--lake", lake, "--verbose");
    insert(101, 110, "2024-03-11 00:00:00");
    Lakeml.Outcome second = lakeml("ingest", pipeline.toString(), "--lake", lake);
    Lakeml.Outcome third = lakeml("ingest", pipeline.toString(), "--lake", lake);

    assertThat(validate.stdout())
        .contains("orders (jdbc) " + postgres.url() + " orders -> bronze.orders");
    assertThat(first.stdout()).contains("bronze.orders", "watermark 2024-03-10 01:40:00");
    assertThat(second.stdout()).contains("watermark 2024-03-11 01:50:00");
    assertThat(third.stdout()).contains("up to date").doesNotContain(" written");
    Dataset<Row> bronze = spark.read().format("delta").load(lake + "/bronze/orders");
    assertThat(bronze.count()).isEqualTo(110);
    assertThat(bronze.select("id").distinct().count()).isEqualTo(110);
    Dataset<Row> runs = spark.read().format("delta").load(lake + "/_lakeml/runs");
    assertThat(runs.count()).isEqualTo(3);
    assertThat(runs.toJSON().collectAsList()).noneMatch(row -> row.contains(PASSWORD));
    assertThat(runs.where("details['orders.rows'] = '10'").count()).isEqualTo(1);
  }
}
