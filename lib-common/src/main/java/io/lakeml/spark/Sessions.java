package io.lakeml.spark;

import io.lakeml.config.LakemlSettings;
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
}
