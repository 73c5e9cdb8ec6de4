package io.lakeml.config;

import java.util.Map;
import java.util.Optional;

/**
 * How lakeml builds its SparkSession.
 *
 * @param master the master URL; empty when spark-submit provides it
 * @param appName the application name shown in the Spark UI
 * @param conf Spark properties set on the session
 */
public record SparkSettings(Optional<String> master, String appName, Map<String, String> conf) {
  public SparkSettings {
    conf = Map.copyOf(conf);
  }

  static SparkSettings from(ConfigReader spark) {
    return new SparkSettings(
        spark.optionalString("master"), spark.string("app-name"), spark.stringMap("conf"));
  }
}
