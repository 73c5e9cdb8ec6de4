package io.lakeml.jobs;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.run.WriterLock;
import io.lakeml.spark.Sessions;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Removes a writer lock left behind by a command that died; starts no Spark. */
@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    description =
        "Remove the lake's writer lock (_lakeml/locks/writer) left by a writer that died: only"
            + " once its lease has expired, unless --force.")
final class UnlockCommand implements Callable<Integer> {
  @Option(
      names = "--force",
      description = "Remove the lock even though its lease has not expired yet.")
  boolean force;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LakemlSettings settings = LakemlSettings.from(ConfigLoader.load(options.request(null)));
    String location = settings.lake().writerLock();
    Optional<WriterLock.Holder> removed =
        WriterLock.breakStale(Sessions.hadoopConfiguration(settings), location, force);
    spec.commandLine()
        .getOut()
        .println(
            removed
                .map(holder -> "Removed " + location + ", held by " + holder)
                .orElse("No writer lock at " + location));
    return 0;
  }
}
