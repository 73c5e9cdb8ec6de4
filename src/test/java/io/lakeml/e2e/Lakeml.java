package io.lakeml.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/lakeml} from the repository as a user would, in its own JVM. */
final class Lakeml {
  static final Path REPO = Path.of(System.getProperty("lakeml.repo", "..")).toAbsolutePath();

  /**
   * {@code JAVA_TOOL_OPTIONS} of every JVM the end-to-end tests start (lakeml, notebook kernels,
   * the cluster's daemons, drivers and executors): the inherited value, plus C1 only. Each lives a
   * few minutes at most, and the test JVMs run two at a time on 2 cores: C2's compilations took 54%
   * of the CPU of the cluster test, and C1 only cut it from 481 s to 378 s alone. C1 only also
   * shrinks the default code cache to 48 MB, which a notebook kernel filled in 44 s ("CodeCache is
   * full. Compiler has been disabled."), leaving it interpreted: the usual 240 MB is kept.
   */
  static final String CHILD_JVM_OPTIONS =
      (System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "")
              + " -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m")
          .strip();

  private Lakeml() {}

  /** The outcome of one command: exit code and everything it printed. */
  record Outcome(int exitCode, String stdout, String stderr) {}

  static Outcome run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, Map.of(), args);
  }

  /** Runs with {@code environment} added to this process's environment. */
  static Outcome run(Path workDir, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("bin/lakeml").toString());
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
    Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().put("LAKEML_DRIVER_MEMORY", "2g");
    builder.environment().remove("LAKE_ROOT");
    builder.environment().put("JAVA_TOOL_OPTIONS", CHILD_JVM_OPTIONS);
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("bin/lakeml " + args[0] + " did not finish in 10 minutes");
      }
    } finally {
      process.destroyForcibly();
    }
    return new Outcome(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
