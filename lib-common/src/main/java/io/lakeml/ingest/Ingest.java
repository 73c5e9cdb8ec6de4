package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.pipeline.SourceSpec;

/** Ingests one source of any format into its bronze table, exactly once. */
public final class Ingest {
  private Ingest() {}

  /** Ingests what is new in {@code source}: its new files, or its rows past the watermark. */
  public static IngestReport source(Lake lake, SourceSpec source, String runId) {
    return source.jdbc().isPresent()
        ? JdbcIngest.ingest(lake, source, runId)
        : FileIngest.ingest(lake, source, runId);
  }
}
