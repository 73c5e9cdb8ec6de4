package io.lakeml.config;

import com.typesafe.config.Config;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.LakeLayout;

/**
 * The application settings under {@code lakeml}: where the lake is and how Spark runs. Built once
 * at start-up; nothing else reads {@code lakeml.*} keys.
 */
public record LakemlSettings(LakeLayout lake, SparkSettings spark) {

  /** Reads and validates {@code lakeml.lake} and {@code lakeml.spark}. */
  public static LakemlSettings from(Config config) {
    ConfigReader lakeml = ConfigReader.of(config).child("lakeml");
    String root = lakeml.string("lake.root");
    if (root.isBlank()) {
      throw LakeErrors.configInvalid(
          lakeml.location("lake.root"), "lakeml.lake.root", "a path or URI", "an empty string");
    }
    return new LakemlSettings(LakeLayout.of(root), SparkSettings.from(lakeml.child("spark")));
  }
}
