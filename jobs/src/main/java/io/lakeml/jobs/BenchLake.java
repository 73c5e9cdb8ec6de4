package io.lakeml.jobs;

import com.typesafe.config.Config;
import io.lakeml.config.ConfigLoader;
import io.lakeml.config.LakemlSettings;
import io.lakeml.delta.Lake;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.spark.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A benchmark's pipeline and its own lake under {@code <work>/lake}, on a session built from the
 * loaded configuration, as the command line builds it.
 *
 * @param pipeline the pipeline the benchmark runs
 * @param lake the benchmark's lake
 */
record BenchLake(PipelineSpec pipeline, Lake lake) {
  static BenchLake open(Path pipelineFile, Path work) throws IOException {
    Files.createDirectories(work);
    Config config =
        ConfigLoader.load(
            new ConfigLoader.Request(
                pipelineFile, List.of(), List.of("lakeml.lake.root=" + work.resolve("lake"))));
    LakemlSettings settings = LakemlSettings.from(config);
    return new BenchLake(
        PipelineSpec.from(config, pipelineFile),
        new Lake(Sessions.create(settings), settings.lake()));
  }

  SparkSession spark() {
    return lake.spark();
  }
}
