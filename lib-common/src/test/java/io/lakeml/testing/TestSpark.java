package io.lakeml.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], UI off, loopback driver, two shuffle partitions,
 * UTC session time zone, Delta's extension and catalog, no whole-stage code generation, sessions
 * sharing generated code. Never stopped by a test class; the JVM's exit ends it.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      Path scratch = scratch("spark");
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("lakeml-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              // Tests run thousands of queries on a few rows each: compiling every plan's generated
              // code costs more than it saves (ModelRegistryTest: 8% less CPU without it).
              .config("spark.sql.codegen.wholeStage", "false")
              // As in reference.conf: ingest's sessions reuse the code generated for earlier ones,
              // and timestamps are written as INT64 microseconds.
              .config("spark.sql.artifact.isolation.enabled", "false")
              .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              // As in reference.conf: change data feed and deletion vectors on every new table.
              .config("spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true")
              .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "true")
              .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
              .config("spark.hadoop.hadoop.tmp.dir", scratch.resolve("hadoop").toString())
              .getOrCreate();
    }
    return session;
  }

  /** A new empty folder under the build's temp dir ({@code java.io.tmpdir} is target/). */
  public static Path scratch(String prefix) {
    try {
      return Files.createTempDirectory(prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
