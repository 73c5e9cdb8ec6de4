package io.lakeml.jobs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Runs the command line in this JVM with an application config file, as {@code spark-submit} with
 * {@code -Dconfig.file=...} would; for the tests of the deployment files.
 */
final class ConfiguredLakeml {
  private ConfiguredLakeml() {}

  /** What one command printed and returned. */
  record Outcome(int exitCode, String out, String err) {}

  static synchronized Outcome execute(Path configFile, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String previous = System.getProperty("config.file");
    System.setProperty("config.file", configFile.toString());
    try {
      int exit = Lakeml.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
      return new Outcome(exit, out.toString(), err.toString());
    } finally {
      if (previous == null) {
        System.clearProperty("config.file");
      } else {
        System.setProperty("config.file", previous);
      }
    }
  }
}
