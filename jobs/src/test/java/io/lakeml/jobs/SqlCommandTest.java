package io.lakeml.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.run.WriterLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakeml sql} and the lake's writer lock: a statement that changes the lake takes it, and is
 * refused while a run holds it; a query, SHOW, DESCRIBE or EXPLAIN never waits for it.
 */
class SqlCommandTest {
  @TempDir Path dir;
  private StringWriter out;
  private StringWriter err;

  @Test
  void aStatementThatChangesTheLakeWaitsForTheWriterLockAndAQueryDoesNot() throws IOException {
    Path lake = dir.resolve("lake");
    Path settings = LocalSettings.write(dir);
    Path log = lake.resolve("silver/points/_delta_log");
    Path lock = lake.resolve("_lakeml/locks/writer");
    String[] where = {"--lake", lake.toString(), "--conf", settings.toString()};

    assertThat(
            sql(
                "CREATE TABLE points USING delta LOCATION '"
                    + lake.resolve("silver/points")
                    + "' AS SELECT 1 AS id",
                where))
        .as(err.toString())
        .isZero();
    assertThat(lock).as("released after the statement").doesNotExist();

    // Another writer's run holds the lock while these statements run.
    WriterLock.Holder run =
        new WriterLock.Holder(
            "ci@build pid 8", "ingest", "run-live", Instant.now(), Instant.now().plusSeconds(3600));
    try (WriterLock held = WriterLock.acquire(new Configuration(), lock.toString(), run)) {
      for (String read :
          List.of(
              "SELECT count(*) AS points FROM silver.points",
              "DESCRIBE HISTORY silver.points",
              "EXPLAIN INSERT INTO silver.points VALUES (2)")) {
        assertThat(sql(read, where)).as(read + ": " + err).isZero();
      }
      for (String write :
          List.of(
              "ALTER TABLE silver.points SET TBLPROPERTIES ('delta.appendOnly' = 'true')",
              "INSERT INTO silver.points VALUES (2)",
              "WITH two AS (SELECT 2 AS id) INSERT INTO silver.points SELECT id FROM two",
              "RESTORE TABLE silver.points TO VERSION AS OF 0")) {
        assertThat(sql(write, where)).as(write).isEqualTo(6);
        assertThat(err.toString())
            .contains("lakeml: LAKE_LOCKED: Cannot write to the lake: another writer holds")
            .contains("ci@build pid 8 (command ingest, run run-live");
      }
      try (var commits = Files.list(log)) {
        assertThat(commits.filter(file -> file.toString().endsWith(".json")).count())
            .as("no refused statement committed")
            .isEqualTo(1);
      }
    }

    assertThat(sql("INSERT INTO silver.points VALUES (2)", where)).as(err.toString()).isZero();
    assertThat(log.resolve("00000000000000000001.json")).exists();
    assertThat(lock).doesNotExist();
  }

  private int sql(String statement, String... where) {
    out = new StringWriter();
    err = new StringWriter();
    String[] args = new String[where.length + 2];
    args[0] = "sql";
    args[1] = statement;
    System.arraycopy(where, 0, args, 2, where.length);
    return Lakeml.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
