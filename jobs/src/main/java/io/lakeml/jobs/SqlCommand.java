package io.lakeml.jobs;

import com.typesafe.config.Config;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one SQL query over the lake's tables ({@code bronze.x}, {@code silver.x}, {@code gold.x}).
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run a SQL query over the lake's tables and print the result.")
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
    Lake lake = Launch.lake(LakemlSettings.from(config));
    try {
      Dataset<Row> result;
      try {
        result = lake.spark().sql(query);
      } catch (Exception e) { // Scala throws the checked AnalysisException undeclared.
        throw LakeErrors.sqlFailed("query", LakeErrors.rootMessage(e), e);
      }
      result.show(limit, false);
      return 0;
    } finally {
      lake.spark().stop();
    }
  }
}
