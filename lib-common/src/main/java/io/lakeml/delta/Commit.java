package io.lakeml.delta;

import java.util.Map;
import java.util.Optional;

/**
 * One commit of a Delta table, as its transaction log records it.
 *
 * @param version the table version it made
 * @param operation Delta's name for it: WRITE, MERGE, OPTIMIZE, SET TBLPROPERTIES...
 * @param metrics its operation metrics (numOutputRows...), empty when none were recorded
 * @param userMetadata the writer's metadata, where lakeml keeps lineage and ingest markers
 */
public record Commit(
    long version, String operation, Map<String, String> metrics, Optional<String> userMetadata) {}
