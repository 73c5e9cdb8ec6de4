package io.lakeml.ingest;

import io.lakeml.delta.TableWrite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ingesting one source did, for the run record and the command's summary.
 *
 * @param source the source name
 * @param writes the bronze table's write first, then the rejected table's when it exists
 * @param filesSeen files in the source folder (JDBC: 0)
 * @param filesIngested files read by this run (the others were ingested before)
 * @param bytes bytes of the files read
 * @param rows rows committed to bronze
 * @param rescued of those, rows with values in {@code _rescued_data}
 * @param rejected records committed to the rejected table
 * @param schemaChanges schema inferred or columns added
 * @param watermark the committed watermark of a JDBC source
 */
public record IngestReport(
    String source,
    List<TableWrite> writes,
    long filesSeen,
    long filesIngested,
    long bytes,
    long rows,
    long rescued,
    long rejected,
    List<String> schemaChanges,
    Optional<String> watermark) {
  public IngestReport {
    writes = List.copyOf(writes);
    schemaChanges = List.copyOf(schemaChanges);
  }

  /** The write to the source's bronze table. */
  public TableWrite bronze() {
    return writes.get(0);
  }

  /** Files seen but not read, because an earlier run ingested them. */
  public long filesSkipped() {
    return Math.max(0, filesSeen - filesIngested);
  }

  /** The counts as run-record details, keyed {@code <source>.<count>}. */
  public Map<String, String> details() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(source + ".files_seen", Long.toString(filesSeen));
    details.put(source + ".files_ingested", Long.toString(filesIngested));
    details.put(source + ".files_skipped", Long.toString(filesSkipped()));
    details.put(source + ".bytes", Long.toString(bytes));
    details.put(source + ".rows", Long.toString(rows));
    details.put(source + ".rescued", Long.toString(rescued));
    details.put(source + ".rejected", Long.toString(rejected));
    details.put(source + ".schema_changes", String.join("; ", schemaChanges));
    watermark.ifPresent(value -> details.put(source + ".watermark", value));
    return details;
  }
}
