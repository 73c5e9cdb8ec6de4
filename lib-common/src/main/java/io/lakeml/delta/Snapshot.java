package io.lakeml.delta;

import io.lakeml.lake.TableId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows of a table at one Delta version.
 *
 * @param table the table
 * @param version the version read
 * @param rows its rows at that version (lazy)
 */
public record Snapshot(TableId table, long version, Dataset<Row> rows) {}
