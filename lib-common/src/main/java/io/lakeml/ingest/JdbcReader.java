package io.lakeml.ingest;

import io.lakeml.pipeline.JdbcSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark JDBC readers of a source, with its credentials. The password goes only into the reader's
 * options, which Spark redacts from plans and logs ({@code spark.redaction.regex}).
 */
final class JdbcReader {
  private JdbcReader() {}

  /** A reader of the whole table or query, on one connection. */
  static DataFrameReader reader(SparkSession spark, JdbcSpec jdbc) {
    DataFrameReader reader =
        spark
            .read()
            .format("jdbc")
            // A TIMESTAMP WITHOUT TIME ZONE is a wall-clock time, whatever the JVM's zone.
            .option("preferTimestampNTZ", "true")
            .options(jdbc.options())
            .option("url", jdbc.url())
            .option("dbtable", jdbc.relation())
            .option("fetchsize", jdbc.fetchSize())
            .option("pushDownAggregate", "true");
    jdbc.driver().ifPresent(driver -> reader.option("driver", driver));
    Properties file = credentialsFile(jdbc);
    jdbc.user()
        .or(() -> java.util.Optional.ofNullable(file.getProperty("user")))
        .ifPresent(user -> reader.option("user", user));
    jdbc.password()
        .map(secret -> secret.reveal())
        .or(() -> java.util.Optional.ofNullable(file.getProperty("password")))
        .ifPresent(password -> reader.option("password", password));
    return reader;
  }

  /**
   * A reader split on the partition column: {@code range} holds the new rows' count, highest
   * watermark, and the partition column's lowest and highest values among them, used as bounds when
   * the pipeline gives none.
   */
  static DataFrameReader partitioned(SparkSession spark, JdbcSpec jdbc, Row range) {
    DataFrameReader reader = reader(spark, jdbc);
    if (jdbc.partitionColumn().isEmpty() || jdbc.numPartitions() < 2 || range.isNullAt(2)) {
      return reader;
    }
    String lower = jdbc.lowerBound().orElse(range.getString(2));
    String upper = jdbc.upperBound().orElse(range.getString(3));
    if (lower.equals(upper)) {
      return reader;
    }
    return reader
        .option("partitionColumn", jdbc.partitionColumn().get())
        .option("lowerBound", lower)
        .option("upperBound", upper)
        .option("numPartitions", jdbc.numPartitions());
  }

  private static Properties credentialsFile(JdbcSpec jdbc) {
    Properties properties = new Properties();
    if (jdbc.credentialsFile().isPresent()) {
      Path file = jdbc.credentialsFile().get();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the credentials file " + file, e);
      }
    }
    return properties;
  }
}
