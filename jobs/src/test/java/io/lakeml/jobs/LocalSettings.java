package io.lakeml.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The settings file the command-line tests pass with {@code --conf}: small local Spark. */
final class LocalSettings {
  private LocalSettings() {}

  /** Writes the settings to {@code dir/test.conf} and returns that path. */
  static Path write(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("test.conf"),
        """
        lakeml.spark.master = "local[2]"
        lakeml.spark.conf {
          "spark.ui.enabled" = false
          "spark.driver.host" = "127.0.0.1"
          "spark.driver.bindAddress" = "127.0.0.1"
          "spark.sql.shuffle.partitions" = 2
          "spark.databricks.delta.snapshotPartitions" = 2
          "spark.sql.codegen.wholeStage" = false
        }
        """);
  }
}
