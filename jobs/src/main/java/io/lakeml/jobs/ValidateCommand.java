package io.lakeml.jobs;

import io.lakeml.config.ConfigReader;
import io.lakeml.lake.LakeLayout;
import io.lakeml.pipeline.GoldTableSpec;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.pipeline.SourceSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks a pipeline and its configuration and prints the plan; starts no Spark, writes nothing. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a pipeline file and print what each stage would read and write.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline file.")
  Path pipeline;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Launch.Plan plan = Launch.plan(options, pipeline);
    print(spec.commandLine().getOut(), plan.pipeline(), plan.settings().lake());
    return 0;
  }

  static void print(PrintWriter out, PipelineSpec spec, LakeLayout layout) {
    out.printf("Pipeline %s is valid. Lake: %s%n", spec.name(), layout.root());
    out.println("ingest:");
    for (SourceSpec source : spec.sources()) {
      out.printf(
          "  %s (%s) %s -> %s%n",
          source.name(), source.format(), source.location(layout), source.table());
    }
    out.println("refine:");
    for (SilverTableSpec table : spec.silverTables()) {
      out.printf(
          "  %s -> %s, key %s, latest by %s%n",
          table.source(), table.id(), table.key(), table.orderBy());
    }
    out.println("curate (in dependency order):");
    for (GoldTableSpec table : spec.goldTables()) {
      out.printf("  %s <- %s%n", table.id(), table.inputs());
    }
    out.println("train and score:");
    for (ModelSpec model : spec.models()) {
      out.printf(
          "  %s: %s %s on %s, label %s, %s, %s split -> %s%n",
          model.name(),
          model.algorithm().map(Object::toString).orElse("automl " + model.automl().candidates()),
          ConfigReader.kebab(model.task()),
          model.table(),
          model.label(),
          model.features().auto()
              ? "automatic features"
              : model.features().columns().size() + " features",
          model.split().kind(),
          model.predictions());
    }
    out.println("tables:");
    for (var table : spec.tables()) {
      out.printf("  %-34s %s%n", table, layout.table(table));
    }
  }
}
