package io.lakeml.ingest;

import java.util.List;

/**
 * What one micro-batch did.
 *
 * @param files files read (or rejected whole)
 * @param bytes their size
 * @param rows rows committed to bronze by this run (0 when an earlier, interrupted run had)
 * @param rescued of those, rows with {@code _rescued_data}
 * @param rejected records committed to the rejected table
 * @param changes schema changes, e.g. "added columns: gate STRING"
 */
record BatchOutcome(
    long files, long bytes, long rows, long rescued, long rejected, List<String> changes) {
  BatchOutcome {
    changes = List.copyOf(changes);
  }
}
