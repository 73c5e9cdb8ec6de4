package io.lakeml.pipeline;

import static io.lakeml.config.ConfigFiles.at;
import static io.lakeml.config.ConfigFiles.load;
import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.config.Secret;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.TableId;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every source key: its default, a full override, and the errors that name key and file. */
class SourceSpecTest {
  @TempDir Path dir;

  private SourceSpec source(String body) {
    Path file =
        write(dir, "pipelines/demo.conf", "name = demo\nsources.orders {\n" + body + "\n}\n");
    return PipelineSpec.from(load(file), file).sources().get(0);
  }

  @Test
  void fileSourceDefaults() {
    SourceSpec source = source("path = raw");

    assertThat(source.format()).isEqualTo("csv");
    assertThat(source.declaresSchema()).isFalse();
    assertThat(source.evolveSchema()).isFalse();
    assertThat(source.maxFilesPerBatch()).isEqualTo(1000);
    assertThat(source.jdbc()).isEmpty();
    assertThat(source.rejectedTable()).isEqualTo(TableId.parse("bronze.orders_rejected"));
  }

  @Test
  void fileSourceOverrides() {
    SourceSpec source =
        source(
            """
            format = json
            schema = "id INT"
            evolve-schema = true
            max-files-per-batch = 50
            options { multiLine = true }
            """);

    assertThat(source.format()).isEqualTo("json");
    assertThat(source.schema().fieldNames()).containsExactly("id");
    assertThat(source.evolveSchema()).isTrue();
    assertThat(source.maxFilesPerBatch()).isEqualTo(50);
    assertThat(source.options()).isEqualTo(Map.of("multiLine", "true"));
  }

  @Test
  void cleanSourceArchivesToAFolderRelativeToThePipelineFile() {
    SourceSpec source =
        source("path = raw\noptions { cleanSource = archive, sourceArchiveDir = done }");

    assertThat(source.options())
        .containsEntry("cleanSource", "archive")
        .containsEntry("sourceArchiveDir", "file://" + dir.resolve("pipelines/done"));
  }

  @Test
  void cleanSourceTakesOffArchiveOrDelete() {
    assertThatThrownBy(() -> source("path = raw\noptions { cleanSource = move }"))
        .isInstanceOf(LakeException.class)
        .hasMessageEndingWith(
            "sources.orders.options.cleanSource: expected off, archive or delete, got move");
  }

  @Test
  void cleanSourceArchiveNeedsAnArchiveFolder() {
    assertThatThrownBy(() -> source("path = raw\noptions { cleanSource = archive }"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(dir.resolve("pipelines/demo.conf"), 4)
                + ": sources.orders.options.sourceArchiveDir: expected the folder that"
                + " cleanSource = archive moves ingested files to, got nothing");
  }

  @Test
  void jdbcSourceDefaultsAndOverrides() {
    write(dir, "pg.properties", "user = lakeml\n");
    JdbcSpec minimal =
        source(
                """
                format = jdbc
                jdbc { url = "jdbc:postgresql://db:5432/shop", table = orders, watermark-column = updated_at }
                """)
            .jdbc()
            .orElseThrow();
    JdbcSpec full =
        source(
                """
                format = jdbc
                jdbc {
                  url = "jdbc:postgresql://db:5432/shop"
                  query = "SELECT * FROM orders WHERE region = 'eu'"
                  driver = org.postgresql.Driver
                  user = reader
                  credentials-file = ../pg.properties
                  watermark-column = updated_at
                  partition-column = id
                  num-partitions = 4
                  lower-bound = 1
                  upper-bound = 1000
                  fetch-size = 500
                  options { queryTimeout = 30 }
                }
                """)
            .jdbc()
            .orElseThrow();

    assertThat(minimal)
        .isEqualTo(
            new JdbcSpec(
                "jdbc:postgresql://db:5432/shop",
                Optional.of("orders"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "updated_at",
                Optional.empty(),
                1,
                Optional.empty(),
                Optional.empty(),
                10000,
                Map.of()));
    assertThat(full.relation())
        .isEqualTo("(SELECT * FROM orders WHERE region = 'eu') lakeml_source");
    assertThat(full.driver()).contains("org.postgresql.Driver");
    assertThat(full.user()).contains("reader");
    assertThat(full.credentialsFile()).contains(dir.resolve("pg.properties"));
    assertThat(full.partitionColumn()).contains("id");
    assertThat(full.numPartitions()).isEqualTo(4);
    assertThat(full.lowerBound()).contains("1");
    assertThat(full.upperBound()).contains("1000");
    assertThat(full.fetchSize()).isEqualTo(500);
    assertThat(full.options()).isEqualTo(Map.of("queryTimeout", "30"));
  }

  @Test
  void aPasswordWrittenInClearIsRejectedWithoutBeingShown() {
    assertThatThrownBy(
            () ->
                source(
                    """
                    format = jdbc
                    jdbc {
                      url = "jdbc:postgresql://db:5432/shop"
                      table = orders
                      watermark-column = updated_at
                      password = "hunter2-in-clear"
                    }
                    """))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(dir.resolve("pipelines/demo.conf"), 8)
                + ": sources.orders.jdbc.password: expected a value from an environment variable,"
                + " e.g. password = ${?PG_PASSWORD}, got a value written in clear (not shown)")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aUrlWithCredentialsIsRejectedWithoutBeingShown() {
    assertThatThrownBy(
            () ->
                source(
                    """
                    format = jdbc
                    jdbc {
                      url = "jdbc:postgresql://db:5432/shop?user=a&password=hunter2"
                      table = orders
                      watermark-column = updated_at
                    }
                    """))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("sources.orders.jdbc.url: expected a JDBC URL without credentials")
        .hasMessageEndingWith("got a URL that holds a password (not shown)")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void tableAndQueryAreExclusive() {
    assertThatThrownBy(
            () ->
                source(
                    """
                    format = jdbc
                    jdbc { url = "jdbc:postgresql://db/shop", table = a, query = "SELECT 1", watermark-column = w }
                    """))
        .isInstanceOf(LakeException.class)
        .hasMessageEndingWith(
            "sources.orders.jdbc.table: expected exactly one of table and query, got both");
  }

  @Test
  void aMissingCredentialsFileIsNamed() {
    assertThatThrownBy(
            () ->
                source(
                    """
                    format = jdbc
                    jdbc { url = "jdbc:postgresql://db/shop", table = a, watermark-column = w, credentials-file = nope.properties }
                    """))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(
            "sources.orders.jdbc.credentials-file: expected a readable Java properties file")
        .hasMessageEndingWith(dir.resolve("pipelines/nope.properties") + ", which cannot be read");
  }

  @Test
  void aSecretNeverPrints() {
    assertThat(Secret.of("hunter2")).hasToString("******");
  }
}
