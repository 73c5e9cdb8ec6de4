package io.lakeml.jobs;

import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lakeml} command line: one subcommand per stage, {@code run}, {@code validate}, {@code
 * sql}.
 */
@Command(
    name = "lakeml",
    mixinStandardHelpOptions = true,
    versionProvider = Lakeml.Version.class,
    description = "A data-lake ML pipeline on Apache Spark and Delta Lake.",
    subcommands = {
      ValidateCommand.class,
      SqlCommand.class,
      QuarantineCommand.class,
      UnlockCommand.class,
      ModelsCommand.class
    })
public final class Lakeml {
  private Lakeml() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on the standard streams and returns its exit code. */
  public static int execute(String... args) {
    return execute(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /**
   * Runs the command line and returns its exit code; errors are printed to {@code err}, never
   * thrown.
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Lakeml()).setOut(out).setErr(err);
    add(
        commandLine,
        "run",
        List.of(Stage.values()),
        "Run every stage in order: ingest, refine, curate, train, score.");
    for (Stage stage : Stage.values()) {
      add(
          commandLine,
          stage.command(),
          List.of(stage),
          "Run the " + stage.command() + " stage: " + stage.description() + ".");
    }
    boolean verbose = Arrays.asList(args).contains("--verbose");
    if (verbose) {
      // XGBoost prints its per-round evaluation when this logger is at DEBUG.
      Configurator.setLevel("io.lakeml.ml.QuietXGBoost", Level.DEBUG);
    }
    commandLine.setExecutionExceptionHandler(
        (error, command, parseResult) -> {
          if (verbose) {
            error.printStackTrace(command.getErr());
          }
          if (error instanceof LakeException lake) {
            command.getErr().println("lakeml: " + lake.code() + ": " + lake.getMessage());
            return lake.code().exitCode();
          }
          command
              .getErr()
              .println(
                  "lakeml: unexpected error: "
                      + LakeErrors.rootMessage(error)
                      + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
          return 1;
        });
    return commandLine.execute(args);
  }

  private static void add(CommandLine parent, String name, List<Stage> stages, String description) {
    StageCommand command =
        stages.equals(List.of(Stage.TRAIN)) ? new TrainCommand() : new StageCommand(stages);
    CommandLine sub = new CommandLine(command).setOut(parent.getOut()).setErr(parent.getErr());
    sub.getCommandSpec().mixinStandardHelpOptions(true);
    sub.getCommandSpec().usageMessage().description(description);
    parent.addSubcommand(name, sub);
  }

  /** Reports the version in the application jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lakeml " + Launch.version()};
    }
  }
}
