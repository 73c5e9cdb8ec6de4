package io.lakeml.spark;

import io.lakeml.config.LakemlSettings;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a lakeml process from its settings. */
public final class Sessions {
  private Sessions() {}

  /**
   * The session for {@code settings}: its master when set (spark-submit sets it otherwise), its
   * Spark properties, Delta's extension and catalog, and the catalog warehouse inside the lake.
   */
  public static SparkSession create(LakemlSettings settings) {
    SparkSession.Builder builder = SparkSession.builder().appName(settings.spark().appName());
    settings.spark().master().ifPresent(builder::master);
    builder.config("spark.sql.warehouse.dir", settings.lake().warehouse());
    settings.spark().conf().forEach(builder::config);
    return builder.getOrCreate();
  }

  /**
   * The Hadoop configuration a session built from {@code settings} would have for its file systems
   * ({@code spark.hadoop.*} properties), for commands that touch the lake without starting Spark.
   * Credentials come from the file systems' own providers (S3A: environment, profile, instance).
   */
  public static Configuration hadoopConfiguration(LakemlSettings settings) {
    Configuration hadoop = new Configuration();
    String prefix = "spark.hadoop.";
    for (Map.Entry<String, String> entry : settings.spark().conf().entrySet()) {
      if (entry.getKey().startsWith(prefix)) {
        hadoop.set(entry.getKey().substring(prefix.length()), entry.getValue());
      }
    }
    return hadoop;
  }
}
