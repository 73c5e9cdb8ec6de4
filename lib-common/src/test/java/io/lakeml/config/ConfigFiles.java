package io.lakeml.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: HOCON files in a temp dir, loading them, and the locations messages name. */
public final class ConfigFiles {
  private static final Path WORKING_DIR = Path.of("").toAbsolutePath();

  private ConfigFiles() {}

  /** Writes {@code text} to {@code dir/name}, creating folders, and returns the file. */
  public static Path write(Path dir, String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code pipelineFile} over reference.conf, as a command with no --conf or --set does. */
  public static Config load(Path pipelineFile) {
    return ConfigLoader.load(new ConfigLoader.Request(pipelineFile, List.of(), List.of()));
  }

  /**
   * The "file:line" a message names for {@code file}: relative to the working directory, which
   * holds java.io.tmpdir (target/) and so every {@code @TempDir}.
   */
  public static String at(Path file, int line) {
    return WORKING_DIR.relativize(file.toAbsolutePath().normalize()) + ":" + line;
  }
}
