package io.lakeml.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Executes the analysts' notebooks (notebooks/*.ipynb) headless with Jupyter's nbconvert and the
 * build's Java kernel ({@code target/jupyter/kernels/lakeml}), against a given lake.
 */
final class Notebooks {
  static final Path FOLDER = Lakeml.REPO.resolve("notebooks");

  /** The kernelspec the build generates; on JUPYTER_PATH for nbconvert. */
  private static final Path KERNELS = Path.of("target/jupyter").toAbsolutePath();

  /**
   * Kernel 3.0.1 sometimes binds its sockets and then never answers a request (about one start in
   * six, more on a loaded machine); a new start always did here. Five starts make five hangs in a
   * row, the only way this fails, rare enough; each costs the 30 s startup timeout.
   */
  private static final int ATTEMPTS = 5;

  /** The kernel's start-up log names every jar of its classpath twice: thousands of lines. */
  private static final Pattern CLASSPATH_LINE =
      Pattern.compile("(?m)^(Parsing classpath: .*|Add .* to classpath)(\\R|\\z)");

  private static final List<String> KERNEL_NOT_STARTED =
      List.of("Kernel didn't respond", "Kernel died before replying to kernel_info");

  private Notebooks() {}

  /**
   * The outcome of one notebook: nbconvert's exit code and log (without the kernel's classpath
   * lines, so that a failure's message shows the error), the executed notebook, and the kernel's
   * temporary-files folder ({@code java.io.tmpdir}).
   */
  record Outcome(int exitCode, String log, Path executed, Path tmp) {}

  static List<Path> all() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      return files.filter(file -> file.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  /** Runs every cell of {@code notebook} on {@code lake}; the executed copy goes to {@code out}. */
  static Outcome execute(Path notebook, Path lake, Path out)
      throws IOException, InterruptedException {
    Outcome outcome = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      outcome = executeOnce(notebook, lake, out);
      if (outcome.exitCode() == 0
          || KERNEL_NOT_STARTED.stream().noneMatch(outcome.log()::contains)) {
        return outcome;
      }
    }
    return outcome;
  }

  private static Outcome executeOnce(Path notebook, Path lake, Path out)
      throws IOException, InterruptedException {
    Files.createDirectories(out);
    Path log = Files.createTempFile(out, "nbconvert", ".log");
    Path tmp = Files.createDirectories(out.resolve("tmp"));
    ProcessBuilder builder =
        new ProcessBuilder(
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=lakeml",
                "--ExecutePreprocessor.startup_timeout=30",
                "--ExecutePreprocessor.timeout=600",
                "--output-dir",
                out.toString(),
                notebook.toString())
            .directory(FOLDER.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JUPYTER_PATH", KERNELS.toString());
    builder.environment().put("LAKE_ROOT", lake.toString());
    builder
        .environment()
        .put("JAVA_TOOL_OPTIONS", Lakeml.CHILD_JVM_OPTIONS + " -Djava.io.tmpdir=" + tmp);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot run jupyter: the notebook test needs Jupyter's nbconvert (Debian: apt-get install"
              + " -y --no-install-recommends jupyter-nbconvert jupyter-client; .ci/run installs it)",
          e);
    }
    try {
      if (!process.waitFor(15, TimeUnit.MINUTES)) {
        throw new IllegalStateException(notebook + " did not finish in 15 minutes");
      }
    } finally {
      process.destroyForcibly();
    }
    return new Outcome(
        process.exitValue(),
        CLASSPATH_LINE.matcher(Files.readString(log, StandardCharsets.UTF_8)).replaceAll(""),
        out.resolve(notebook.getFileName()),
        tmp);
  }
}
