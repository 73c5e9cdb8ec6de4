package io.lakeml.delta;

import io.lakeml.lake.TableId;

/**
 * The outcome of one write to a lake table.
 *
 * @param table the table
 * @param version its Delta version after the write (the current one when skipped)
 * @param rowsWritten rows inserted or updated, from the commit's metrics (0 when skipped)
 * @param skipped true when the table was already up to date and nothing was committed
 */
public record TableWrite(TableId table, long version, long rowsWritten, boolean skipped) {}
