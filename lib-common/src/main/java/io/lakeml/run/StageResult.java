package io.lakeml.run;

import io.lakeml.delta.TableWrite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stage did: rows read and written, the table versions it left, and stage-specific details
 * (a model's metrics, say) for the summary and the run record.
 */
public record StageResult(
    String stage, long rowsIn, long rowsOut, List<TableWrite> writes, Map<String, String> details) {
  public StageResult {
    writes = List.copyOf(writes);
    details = new LinkedHashMap<>(details);
  }

  /** A result whose rows out are the rows its writes committed. */
  public static StageResult of(
      String stage, long rowsIn, List<TableWrite> writes, Map<String, String> details) {
    long rowsOut = writes.stream().mapToLong(TableWrite::rowsWritten).sum();
    return new StageResult(stage, rowsIn, rowsOut, writes, details);
  }
}
