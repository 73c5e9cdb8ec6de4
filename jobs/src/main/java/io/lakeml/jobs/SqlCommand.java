package io.lakeml.jobs;

import com.typesafe.config.Config;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.run.WriterLock;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one SQL statement over the lake's tables ({@code bronze.x}, {@code silver.x}, {@code
 * gold.x}). A statement that may change the lake takes the lake's writer lock while it runs, as a
 * pipeline run does: on S3 two writers at once can lose a Delta commit. Queries never wait for it.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Run a SQL statement over the lake's tables and print the result. A statement that"
            + " changes the lake (ALTER, OPTIMIZE, DELETE, INSERT, …) takes the writer lock.")
final class SqlCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "QUERY",
      description = "e.g. \"SELECT * FROM gold.flight_features LIMIT 10\"")
  String query;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "Rows to print (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    Config config = ConfigLoader.load(options.request(null));
    LakemlSettings settings = LakemlSettings.from(config);
    Lake lake = Launch.lake(settings);
    try {
      boolean writes;
      try {
        writes = writes(lake.spark(), query);
      } catch (ParseException e) {
        throw LakeErrors.sqlFailed("query", LakeErrors.rootMessage(e), e);
      }
      try (WriterLock lock = writes ? Launch.lock(settings, Launch.newRunId(), "sql") : null) {
        Dataset<Row> result;
        try {
          result = lake.spark().sql(query); // runs a command here, a query when shown
        } catch (Exception e) { // Scala throws the checked AnalysisException undeclared.
          throw LakeErrors.sqlFailed("query", LakeErrors.rootMessage(e), e);
        }
        result.show(limit, false);
      }
      return 0;
    } finally {
      lake.spark().stop();
    }
  }

  /**
   * Whether {@code statement} may change the lake, judged from its parsed plan before it runs: it
   * holds a command other than SHOW, DESCRIBE or EXPLAIN (ALTER, OPTIMIZE, VACUUM, DELETE, MERGE,
   * CREATE, …), or a write that Spark and Delta parse as a statement rather than a command (INSERT,
   * RESTORE, CLONE: each a {@code …Statement} node). Queries, SHOW, DESCRIBE (including Delta's
   * HISTORY and DETAIL) and EXPLAIN only read.
   */
  static boolean writes(SparkSession spark, String statement) throws ParseException {
    LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(statement);
    return plan.exists(
        node -> {
          String name = node.getClass().getSimpleName();
          boolean reads =
              name.startsWith("Show") || name.startsWith("Describe") || name.startsWith("Explain");
          return node instanceof org.apache.spark.sql.catalyst.plans.logical.Command
              ? !reads
              : name.endsWith("Statement");
        });
  }
}
