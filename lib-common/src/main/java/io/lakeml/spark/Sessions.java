package io.lakeml.spark;

import io.lakeml.config.LakemlSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a lakeml process from its settings. */
public final class Sessions {
  private static final String HADOOP_PREFIX = "spark.hadoop.";

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
   * The Hadoop configuration a session built from {@code settings} would give its file systems: the
   * {@code spark.hadoop.*} properties spark-submit passed (as system properties), then those of
   * {@code settings}. For touching the lake before, or without, starting Spark; credentials come
   * from the file systems' own providers (S3A: environment, profile, instance role).
   */
  public static Configuration hadoopConfiguration(LakemlSettings settings) {
    Configuration hadoop = new Configuration();
    System.getProperties()
        .stringPropertyNames()
        .forEach(key -> setHadoop(hadoop, key, System.getProperty(key)));
    settings.spark().conf().forEach((key, value) -> setHadoop(hadoop, key, value));
    return hadoop;
  }

  private static void setHadoop(Configuration hadoop, String sparkKey, String value) {
    if (sparkKey.startsWith(HADOOP_PREFIX)) {
      hadoop.set(sparkKey.substring(HADOOP_PREFIX.length()), value);
    }
  }
}
