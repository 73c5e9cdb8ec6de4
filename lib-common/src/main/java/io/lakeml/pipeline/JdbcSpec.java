package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.config.Secret;
import io.lakeml.errors.LakeErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A relational table or query read over JDBC, incrementally by a watermark column. Credentials come
 * from environment variables or a credentials file, never from the pipeline file in clear; {@link
 * #toString()} never shows them.
 *
 * @param url the JDBC URL, without credentials
 * @param table the table to read, or empty when {@code query} is given
 * @param query a SELECT to read, or empty when {@code table} is given
 * @param driver the driver class, when the URL alone does not find it
 * @param user the user name, when not in the credentials file
 * @param password the password, from an environment variable
 * @param credentialsFile a Java properties file with {@code user} and {@code password}
 * @param watermarkColumn the increasing column (a timestamp or number) rows are read past
 * @param partitionColumn a numeric, date or timestamp column to split the read on
 * @param numPartitions parallel reads (1: one query)
 * @param lowerBound the partition column's lower bound; default: its minimum among the new rows
 * @param upperBound the partition column's upper bound; default: its maximum among the new rows
 * @param fetchSize rows per round trip
 * @param options further Spark JDBC options
 */
public record JdbcSpec(
    String url,
    Optional<String> table,
    Optional<String> query,
    Optional<String> driver,
    Optional<String> user,
    Optional<Secret> password,
    Optional<Path> credentialsFile,
    String watermarkColumn,
    Optional<String> partitionColumn,
    int numPartitions,
    Optional<String> lowerBound,
    Optional<String> upperBound,
    int fetchSize,
    Map<String, String> options) {
  public JdbcSpec {
    options = Map.copyOf(options);
  }

  /** What the source reads: the table, or the query as a derived table. */
  public String relation() {
    return table.orElseGet(() -> "(" + query.orElseThrow() + ") lakeml_source");
  }

  /** The table or query, for plans and summaries (the URL holds no credentials). */
  public String describe() {
    return url + " " + table.orElseGet(() -> "query");
  }

  static JdbcSpec from(ConfigReader jdbc, Path pipelineDir) {
    String url = url(jdbc);
    Optional<String> table = jdbc.optionalString("table");
    Optional<String> query = jdbc.optionalString("query");
    if (table.isPresent() == query.isPresent()) {
      throw LakeErrors.configInvalid(
          jdbc.location("table"),
          jdbc.fullPath("table"),
          "exactly one of table and query",
          table.isPresent() ? "both" : "neither");
    }
    Optional<String> partitionColumn = jdbc.optionalString("partition-column");
    if (partitionColumn.isEmpty() && (jdbc.has("lower-bound") || jdbc.has("upper-bound"))) {
      throw LakeErrors.configMissing(
          jdbc.location("partition-column"),
          jdbc.fullPath("partition-column"),
          "a column to partition on when lower-bound or upper-bound is set");
    }
    return new JdbcSpec(
        url,
        table,
        query,
        jdbc.optionalString("driver"),
        jdbc.optionalString("user"),
        jdbc.has("password") ? Optional.of(jdbc.secret("password")) : Optional.empty(),
        credentialsFile(jdbc, pipelineDir),
        jdbc.string("watermark-column"),
        partitionColumn,
        jdbc.integer("num-partitions", 1, 1024),
        jdbc.optionalString("lower-bound"),
        jdbc.optionalString("upper-bound"),
        jdbc.integer("fetch-size", 1, 1_000_000),
        jdbc.stringMap("options"));
  }

  /** The URL, which must hold no credentials; the error never shows it. */
  private static String url(ConfigReader jdbc) {
    String url = jdbc.string("url");
    if (!url.startsWith("jdbc:") || url.toLowerCase(Locale.ROOT).contains("password")) {
      throw LakeErrors.configInvalid(
          jdbc.location("url"),
          jdbc.fullPath("url"),
          "a JDBC URL without credentials (jdbc:postgresql://host:5432/db); put the password in"
              + " password = ${?ENV_VAR} or credentials-file",
          "a URL that " + (url.startsWith("jdbc:") ? "holds a password (not shown)" : "is not"));
    }
    return url;
  }

  private static Optional<Path> credentialsFile(ConfigReader jdbc, Path pipelineDir) {
    if (!jdbc.has("credentials-file")) {
      return Optional.empty();
    }
    Path file = pipelineDir.resolve(jdbc.string("credentials-file")).normalize();
    if (!Files.isReadable(file)) {
      throw LakeErrors.configInvalid(
          jdbc.location("credentials-file"),
          jdbc.fullPath("credentials-file"),
          "a readable Java properties file with user and password",
          file + ", which cannot be read");
    }
    return Optional.of(file);
  }
}
