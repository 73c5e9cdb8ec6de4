package io.lakeml.config;

import com.typesafe.config.Config;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.LakeLayout;
import java.time.Duration;

/**
 * The application settings under {@code lakeml}: where the lake is, how long a writer's lease on it
 * lasts, and how Spark runs. Built once at start-up; nothing else reads {@code lakeml.*} keys.
 */
public record LakemlSettings(LakeLayout lake, Duration writerLease, SparkSettings spark) {

  /** Reads and validates {@code lakeml.lake} and {@code lakeml.spark}. */
  public static LakemlSettings from(Config config) {
    ConfigReader lakeml = ConfigReader.of(config).child("lakeml");
    String root = lakeml.string("lake.root");
    if (root.isBlank()) {
      throw LakeErrors.configInvalid(
          lakeml.location("lake.root"), "lakeml.lake.root", "a path or URI", "an empty string");
    }
    Duration lease = lakeml.duration("lake.writer-lease");
    if (lease.isNegative() || lease.isZero()) {
      throw LakeErrors.configInvalid(
          lakeml.location("lake.writer-lease"),
          "lakeml.lake.writer-lease",
          "a positive duration like \"6h\"",
          lease.toString());
    }
    return new LakemlSettings(
        LakeLayout.of(root), lease, SparkSettings.from(lakeml.child("spark")));
  }
}
