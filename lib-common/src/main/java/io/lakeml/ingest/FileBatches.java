package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.pipeline.SourceSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} body of a file source's stream: checks that each listed file is
 * complete, ingests the batch, logs a progress line, and adds its counts to the run's.
 */
final class FileBatches {
  private static final Logger LOG = LoggerFactory.getLogger(FileIngest.class);
  // Objects in these stores appear whole or not at all: a listed object cannot still be growing.
  private static final Set<String> OBJECT_STORES =
      Set.of("s3", "s3a", "gs", "abfs", "abfss", "wasb", "wasbs");
  private static final String QUERY_ID = "sql.streaming.queryId";

  private final Lake lake;
  private final SourceSpec source;
  private final String runId;
  private final List<BatchOutcome> outcomes = new ArrayList<>();

  FileBatches(Lake lake, SourceSpec source, String runId) {
    this.lake = lake;
    this.source = source;
    this.runId = runId;
  }

  /** Ingests one micro-batch of listed files. */
  void process(Dataset<Row> listed, long batchId) {
    List<FileListing> files = FileListing.of(listed.collectAsList());
    if (files.isEmpty()) {
      return;
    }
    requireComplete(files);
    // The query id changes when the checkpoint is replaced, so batch ids restarting from 0 are new.
    String writer = lake.spark().sparkContext().getLocalProperty(QUERY_ID);
    long started = System.nanoTime();
    BatchOutcome outcome = new FileBatch(lake, source, runId, writer).write(batchId, files);
    outcomes.add(outcome);
    LOG.info(
        String.format(
            Locale.ROOT,
            "ingest %s: batch %d: %d files, %.1f MB, %d rows (%d rescued), %d rejected in %.1f s",
            source.name(),
            batchId,
            outcome.files(),
            outcome.bytes() / 1e6,
            outcome.rows(),
            outcome.rescued(),
            outcome.rejected(),
            (System.nanoTime() - started) / 1e9));
  }

  /** Rows committed to bronze by this run. */
  long rows() {
    return outcomes.stream().mapToLong(BatchOutcome::rows).sum();
  }

  /** Records committed to the rejected table by this run. */
  long rejected() {
    return outcomes.stream().mapToLong(BatchOutcome::rejected).sum();
  }

  /** The source's report, once the stream has stopped. */
  IngestReport report(long filesSeen, List<TableWrite> writes) {
    Set<String> changes = new LinkedHashSet<>();
    outcomes.forEach(outcome -> changes.addAll(outcome.changes()));
    return new IngestReport(
        source.name(),
        writes,
        filesSeen,
        outcomes.stream().mapToLong(BatchOutcome::files).sum(),
        outcomes.stream().mapToLong(BatchOutcome::bytes).sum(),
        rows(),
        outcomes.stream().mapToLong(BatchOutcome::rescued).sum(),
        rejected(),
        List.copyOf(changes),
        Optional.empty());
  }

  /**
   * Fails, naming the file, when a file's size differs from the listed one: it is still being
   * written. Nothing is committed, and the rerun retries the batch, with the file as it is then.
   */
  void requireComplete(List<FileListing> files) {
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    for (FileListing file : files) {
      Path path = new Path(file.path());
      String scheme = path.toUri().getScheme();
      if (scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT))) {
        continue;
      }
      long now;
      try {
        now = path.getFileSystem(hadoop).getFileStatus(path).getLen();
      } catch (FileNotFoundException e) {
        continue; // vanished: FileBatch rejects it as unreadable
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot check " + path, e);
      }
      if (now != file.length()) {
        throw LakeErrors.fileChanging(source.name(), file.path(), file.length(), now);
      }
    }
  }
}
