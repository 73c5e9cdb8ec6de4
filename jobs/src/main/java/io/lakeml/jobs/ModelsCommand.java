package io.lakeml.jobs;

import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.ml.ModelRegistry;
import io.lakeml.ml.ModelVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lakeml.registry → printed or re-aliased; promote and rollback are one Delta commit each. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List, show, promote and roll back model versions in the registry.",
    subcommands = {
      ModelsCommand.ListVersions.class,
      ModelsCommand.Show.class,
      ModelsCommand.Promote.class,
      ModelsCommand.Rollback.class
    })
final class ModelsCommand {
  private ModelsCommand() {}

  /** A subcommand on the lake's registry: prints the lines it returns, then stops Spark. */
  abstract static class RegistryCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Spec CommandSpec spec;

    abstract List<String> run(ModelRegistry registry);

    @Override
    public Integer call() {
      Lake lake = Launch.lake(LakemlSettings.from(ConfigLoader.load(options.request(null))));
      try {
        PrintWriter out = spec.commandLine().getOut();
        run(new ModelRegistry(lake)).forEach(out::println);
        out.flush();
        return 0;
      } finally {
        lake.spark().stop();
      }
    }
  }

  /** The MODEL and VERSION arguments. */
  static final class VersionArguments {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "A version number.")
    int version;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print every version of a model (or of every model) with its alias and status.")
  static final class ListVersions extends RegistryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model name.")
    String model;

    @Override
    List<String> run(ModelRegistry registry) {
      List<ModelVersion> versions = new ArrayList<>();
      for (String name : model == null ? registry.models() : List.of(model)) {
        versions.addAll(registry.versions(name));
      }
      return RegistryTable.lines(versions);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print one version's full registry record.")
  static final class Show extends RegistryCommand {
    @Mixin VersionArguments target;

    @Override
    List<String> run(ModelRegistry registry) {
      return RegistryTable.record(registry.version(target.model, target.version));
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Make a version the champion (score uses it); the current champion is archived.")
  static final class Promote extends RegistryCommand {
    @Mixin VersionArguments target;

    @Override
    List<String> run(ModelRegistry registry) {
      String before =
          registry.findChampion(target.model).map(v -> "v" + v.version()).orElse("none");
      ModelVersion champion =
          registry.promote(
              target.model, target.version, "promoted by hand ('lakeml models promote')");
      return List.of(
          String.format(
              Locale.ROOT,
              "%s v%d is champion (before: %s)",
              target.model,
              champion.version(),
              before));
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = "Withdraw the champion and make the previous champion champion again.")
  static final class Rollback extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model name.")
    String model;

    @Override
    List<String> run(ModelRegistry registry) {
      String withdrawn =
          registry.findChampion(model).map(v -> "v" + v.version()).orElse("no champion");
      ModelVersion restored = registry.rollback(model);
      return List.of(
          String.format(
              Locale.ROOT,
              "%s v%d is champion again (%s rolled back)",
              model,
              restored.version(),
              withdrawn));
    }
  }
}
