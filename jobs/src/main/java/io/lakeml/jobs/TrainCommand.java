package io.lakeml.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.ml.ModelRegistry;
import io.lakeml.ml.ModelVersion;
import io.lakeml.ml.Reproduction;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.PipelineSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code train}, plus {@code --reproduce MODEL:VERSION}: registered version → retrained from its
 * recorded input version and declaration → metric differences printed; registers nothing.
 */
final class TrainCommand extends StageCommand {
  @Option(
      names = "--reproduce",
      paramLabel = "MODEL:VERSION",
      description =
          "Retrain a registered version from its recorded input table versions and declaration and"
              + " print the metric differences; registers nothing and changes no alias.")
  String reproduce;

  TrainCommand() {
    super(List.of(Stage.TRAIN));
  }

  @Override
  public Integer call() {
    if (reproduce == null) {
      return super.call();
    }
    int colon = reproduce.lastIndexOf(':');
    if (colon <= 0 || !reproduce.substring(colon + 1).matches("[1-9][0-9]{0,8}")) {
      throw LakeErrors.modelReferenceInvalid(reproduce);
    }
    String model = reproduce.substring(0, colon);
    int version = Integer.parseInt(reproduce.substring(colon + 1));
    Config config = ConfigLoader.load(options.request(pipeline));
    PipelineSpec.from(config, pipeline); // the pipeline file itself must be valid
    Lake lake = Launch.lake(LakemlSettings.from(config));
    try {
      ModelVersion recorded = new ModelRegistry(lake).version(model, version);
      if (recorded.declaration().isEmpty()) {
        throw LakeErrors.configInvalid(
            "the registry",
            "models." + model,
            "a recorded declaration to retrain v" + version + " from",
            "none (registered by an older lakeml)");
      }
      ModelSpec spec = declared(config, model, recorded.declaration());
      print(spec, Reproduction.run(lake, recorded, spec));
      return 0;
    } finally {
      lake.spark().stop();
    }
  }

  /** The model as recorded, read through the pipeline (with this file's tables) as declared. */
  private ModelSpec declared(Config config, String model, String declaration) {
    Config recorded =
        config.withValue(
            "models", ConfigFactory.parseString(declaration).root().atKey(model).root());
    return PipelineSpec.from(recorded, pipeline).models().get(0);
  }

  private void print(ModelSpec declared, Reproduction result) {
    PrintWriter out = spec.commandLine().getOut();
    ModelVersion recorded = result.recorded();
    out.printf(
        Locale.ROOT,
        "reproduce %s v%d from %s at Delta version %d; config hash %s%n",
        recorded.model(),
        recorded.version(),
        result.input().table(),
        result.input().version(),
        declared.configHash().equals(recorded.configHash())
            ? "as registered"
            : declared.configHash()
                + " (registered "
                + recorded.configHash()
                + ": defaults changed)");
    out.printf(
        Locale.ROOT, "%-10s %12s %12s %12s%n", "metric", "registered", "reproduced", "difference");
    for (Map.Entry<String, Double> difference : result.differences().entrySet()) {
      String name = difference.getKey();
      out.printf(
          Locale.ROOT,
          "%-10s %12.6f %12.6f %12.6f%n",
          name,
          recorded.metrics().get(name),
          result.metrics().getOrDefault(name, Double.NaN),
          difference.getValue());
    }
    out.flush();
  }
}
