package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.pipeline.SourceSpec;
import org.apache.spark.sql.SparkSession;

/** Ingests one source of any format into its bronze table, exactly once. */
public final class Ingest {
  private Ingest() {}

  /**
   * The lake on a session of its own (same Spark context and configuration) for one source's
   * ingest: the counting observations ingest registers, and the settings it tunes (file listing,
   * small files, timestamp parsing), stay off the caller's session. (Once a session has run an
   * observation it no longer serializes, and Spark ML serializes the session with some models, e.g.
   * a logistic regression's training summary.)
   */
  static Lake isolated(Lake lake) {
    SparkSession session = lake.spark().newSession();
    // Wall-clock text parses to TIMESTAMP_NTZ without a time zone (see Rescue.cast).
    session.conf().set("spark.sql.timestampType", "TIMESTAMP_NTZ");
    return new Lake(session, lake.layout());
  }

  /** Ingests what is new in {@code source}: its new files, or its rows past the watermark. */
  public static IngestReport source(Lake lake, SourceSpec source, String runId) {
    return source.jdbc().isPresent()
        ? JdbcIngest.ingest(lake, source, runId)
        : FileIngest.ingest(lake, source, runId);
  }
}
