package io.lakeml.run;

import io.lakeml.delta.Lake;
import io.lakeml.pipeline.PipelineSpec;
import java.time.LocalDate;

/**
 * What every stage of one command shares: the lake, the pipeline, and the identity of the run.
 *
 * @param lake the lake, with its SparkSession
 * @param pipeline the pipeline declaration
 * @param runId unique id of this command's run, written on every row it produces
 * @param runDate the logical date the run is for ({@code --run-date})
 * @param codeVersion the lakeml version, recorded in lineage
 */
public record JobContext(
    Lake lake, PipelineSpec pipeline, String runId, LocalDate runDate, String codeVersion) {}
