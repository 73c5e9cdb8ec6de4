package io.lakeml.config;

import static io.lakeml.config.ConfigFiles.at;
import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.lakeml.errors.LakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakemlSettingsTest {
  private static final Map<String, String> REFERENCE_SPARK_CONF =
      Map.of(
          "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
          "spark.sql.session.timeZone", "UTC",
          "spark.ui.showConsoleProgress", "false",
          "spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true",
          "spark.databricks.delta.properties.defaults.enableDeletionVectors", "true",
          "spark.sql.artifact.isolation.enabled", "false",
          "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  @TempDir Path dir;

  private static LakemlSettings withConf(Path... files) {
    return LakemlSettings.from(
        ConfigLoader.load(new ConfigLoader.Request(null, List.of(files), List.of())));
  }

  @Test
  void referenceDefaults() {
    assumeTrue(System.getenv("LAKE_ROOT") == null, "LAKE_ROOT overrides the default root");

    LakemlSettings settings = LakemlSettings.from(ConfigFactory.defaultReference());

    assertThat(settings.lake().root())
        .isEqualTo("file://" + Path.of("lake").toAbsolutePath().normalize());
    assertThat(settings.writerLease()).isEqualTo(Duration.ofHours(6));
    assertThat(settings.spark().master()).isEmpty();
    assertThat(settings.spark().appName()).isEqualTo("lakeml");
    assertThat(settings.spark().conf()).isEqualTo(REFERENCE_SPARK_CONF);
  }

  @Test
  void everyKeyOverridden() {
    Path conf =
        write(
            dir,
            "cluster.conf",
            """
            lakeml {
              lake.root = "s3a://bucket/lake/"
              lake.writer-lease = 90 minutes
              spark {
                master = "yarn"
                app-name = "nightly"
                conf {
                  "spark.sql.extensions" = "custom.Extension"
                  "spark.sql.catalog.spark_catalog" = "custom.Catalog"
                  "spark.sql.session.timeZone" = "Europe/Paris"
                  "spark.ui.showConsoleProgress" = true
                  "spark.databricks.delta.properties.defaults.enableChangeDataFeed" = false
                  "spark.databricks.delta.properties.defaults.enableDeletionVectors" = false
                  "spark.sql.artifact.isolation.enabled" = true
                  "spark.sql.parquet.outputTimestampType" = INT96
                  "spark.sql.shuffle.partitions" = 64
                }
              }
            }
            """);

    LakemlSettings settings = withConf(conf);

    assertThat(settings.lake().root()).isEqualTo("s3a://bucket/lake");
    assertThat(settings.writerLease()).isEqualTo(Duration.ofMinutes(90));
    assertThat(settings.spark().master()).contains("yarn");
    assertThat(settings.spark().appName()).isEqualTo("nightly");
    assertThat(settings.spark().conf())
        .isEqualTo(
            Map.of(
                "spark.sql.extensions", "custom.Extension",
                "spark.sql.catalog.spark_catalog", "custom.Catalog",
                "spark.sql.session.timeZone", "Europe/Paris",
                "spark.ui.showConsoleProgress", "true",
                "spark.databricks.delta.properties.defaults.enableChangeDataFeed", "false",
                "spark.databricks.delta.properties.defaults.enableDeletionVectors", "false",
                "spark.sql.artifact.isolation.enabled", "true",
                "spark.sql.parquet.outputTimestampType", "INT96",
                "spark.sql.shuffle.partitions", "64"));
  }

  @Test
  void localConfLayersApplicationConfOverReference() {
    LakemlSettings settings = withConf(Path.of("../conf/local.conf"));

    assertThat(settings.spark().master()).contains("local[*]");
    assertThat(settings.spark().conf())
        .containsAllEntriesOf(REFERENCE_SPARK_CONF)
        .containsEntry("spark.sql.shuffle.partitions", "8")
        .containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.driver.host", "127.0.0.1")
        .containsEntry("spark.driver.bindAddress", "127.0.0.1")
        .containsEntry("spark.databricks.delta.snapshotPartitions", "2")
        .hasSize(13);
  }

  @Test
  void clusterConfLayersS3AndExecutorSizingWithoutAMaster() {
    for (String variable :
        List.of("LAKEML_S3_ENDPOINT", "LAKEML_S3_PATH_STYLE", "LAKEML_S3_SSL", "AWS_REGION")) {
      assumeTrue(System.getenv(variable) == null, variable + " changes conf/s3.conf");
    }
    assumeTrue(System.getenv("LAKEML_EXECUTOR_MEMORY") == null, "it changes conf/cluster.conf");

    LakemlSettings settings =
        LakemlSettings.from(
            ConfigLoader.load(
                new ConfigLoader.Request(
                    null,
                    List.of(Path.of("../conf/cluster.conf")),
                    List.of("lakeml.lake.root=s3a://bucket/lake"))));

    assertThat(settings.lake().root()).isEqualTo("s3a://bucket/lake");
    assertThat(settings.spark().master()).isEmpty();
    assertThat(settings.spark().conf())
        .containsAllEntriesOf(REFERENCE_SPARK_CONF)
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "false")
        .containsEntry("spark.hadoop.fs.s3a.connection.ssl.enabled", "true")
        .containsEntry("spark.executor.cores", "2")
        .containsEntry("spark.executor.memory", "4g")
        .doesNotContainKeys("spark.hadoop.fs.s3a.endpoint", "spark.hadoop.fs.s3a.endpoint.region")
        .doesNotContainKeys("spark.hadoop.fs.s3a.access.key", "spark.hadoop.fs.s3a.secret.key");
  }

  @Test
  void emptyRootRejectedWithKeyName() {
    Path conf = write(dir, "empty.conf", "lakeml.lake.root = \"\"\n");

    assertThatThrownBy(() -> withConf(conf))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(conf, 1) + ": lakeml.lake.root: expected a path or URI, got an empty string");
  }

  @Test
  void blankRootRejectedWithKeyName() {
    Path conf = write(dir, "blank.conf", "lakeml {\n  lake.root = \"   \"\n}\n");

    assertThatThrownBy(() -> withConf(conf))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(conf, 2) + ": lakeml.lake.root: expected a path or URI, got an empty string");
  }

  @Test
  void zeroWriterLeaseRejected() {
    Path conf = write(dir, "lease.conf", "lakeml.lake.writer-lease = 0s\n");

    assertThatThrownBy(() -> withConf(conf))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(conf, 1)
                + ": lakeml.lake.writer-lease: expected a positive duration like \"6h\", got PT0S");
  }

  @Test
  void rootGivenAsObjectRejected() {
    Path conf = write(dir, "object.conf", "lakeml.lake.root { path = x }\n");

    assertThatThrownBy(() -> withConf(conf))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(conf, 1) + ": lakeml.lake.root: expected a string, got OBJECT {\"path\":\"x\"}");
  }

  @Test
  void sparkConfListValueRejected() {
    Path conf = write(dir, "list.conf", "lakeml.spark.conf {\n  jars = [a, b]\n}\n");

    assertThatThrownBy(() -> withConf(conf))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(conf, 2)
                + ": lakeml.spark.conf.jars: expected a string, number or boolean, got LIST"
                + " [\"a\",\"b\"]");
  }
}
