package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Columns;
import io.lakeml.pipeline.SourceSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One micro-batch of files → one bronze commit, plus one commit to {@code bronze.<source>_rejected}
 * when records were rejected; both idempotent by (stream, batch id), so a batch retried after a
 * crash lands once. A file that cannot be read at all (a truncated archive) is rejected whole and
 * the batch is retried without it.
 */
final class FileBatch {
  /** The schema of a rejected-records table. */
  // Built from types, not DDL: ingest's session reads the DDL word TIMESTAMP as TIMESTAMP_NTZ.
  static final StructType REJECTED =
      new StructType()
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.FILE_MODIFIED_AT, DataTypes.TimestampType)
          .add(Columns.RAW_RECORD, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.INGESTED_AT, DataTypes.TimestampType)
          .add(Columns.RUN_ID, DataTypes.StringType);

  private final Lake lake;
  private final SourceSpec source;
  private final String runId;
  private final String stream;

  /** A batch of {@code source}'s stream {@code stream} (its query id). */
  FileBatch(Lake lake, SourceSpec source, String runId, String stream) {
    this.lake = lake;
    this.source = source;
    this.runId = runId;
    this.stream = stream;
  }

  /** Ingests {@code files} as batch {@code batchId}. */
  BatchOutcome write(long batchId, List<FileListing> files) {
    Map<String, FileListing> readable = new LinkedHashMap<>();
    files.forEach(file -> readable.put(file.path(), file));
    List<Row> unreadable = new ArrayList<>();
    while (true) {
      try {
        return attempt(batchId, files, List.copyOf(readable.keySet()), unreadable);
      } catch (Exception e) { // Spark rethrows checked exceptions undeclared.
        Optional<String> file = unreadableFile(e, readable.keySet());
        if (file.isEmpty()) {
          throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        FileListing listed = readable.remove(file.get());
        unreadable.add(rejection(listed, "unreadable file: " + LakeErrors.rootMessage(e)));
      }
    }
  }

  /** A batch being committed: its id, files, the files rejected whole, and its commit marker. */
  private record Pending(
      long batchId, List<FileListing> files, List<Row> unreadable, IngestMarker marker) {
    long bytes() {
      return files.stream().mapToLong(FileListing::length).sum();
    }
  }

  private BatchOutcome attempt(
      long batchId, List<FileListing> files, List<String> readable, List<Row> unreadable) {
    Pending batch =
        new Pending(
            batchId,
            files,
            unreadable,
            new IngestMarker(source.name(), stream, batchId, Optional.empty()));
    StructType known = BatchSchema.known(source, BatchSchema.tableSchema(lake, source.table()));
    Optional<Dataset<Row>> raw =
        readable.isEmpty()
            ? Optional.empty()
            : RawFiles.read(lake.spark(), source, readable, known);
    if (raw.isEmpty()) {
      if (!unreadable.isEmpty()) {
        writeRejected(batch, rejected(Optional.empty(), unreadable));
      }
      return new BatchOutcome(files.size(), batch.bytes(), 0, 0, unreadable.size(), List.of());
    }
    BatchSchema schema =
        BatchSchema.resolve(source, known, RawFiles.dataFields(raw.get().schema()));
    Map<String, Column> run = new LinkedHashMap<>();
    run.put(Columns.INGESTED_AT, Ingest.ingestedAt());
    run.put(Columns.RUN_ID, lit(runId));
    Dataset<Row> checked =
        Rescue.typed(raw.get(), schema.target(), source.options(), source.format())
            .withColumns(run);
    return commit(batch, checked, schema);
  }

  /** Commits bronze, counting on the way, then the rejected records when there are any. */
  private BatchOutcome commit(Pending batch, Dataset<Row> checked, BatchSchema schema) {
    BatchCounts counts =
        new BatchCounts(
            lake.spark().sparkContext(), "ingest_" + source.name() + "_" + batch.batchId());
    Dataset<Row> bronze =
        counts
            .kept(
                checked,
                col(Columns.REJECT_REASON).isNotNull(),
                col(Columns.RESCUED_DATA).isNotNull())
            .select(bronzeColumns(schema.target()));
    if (!IdempotentAppend.append(lake, source.table(), bronze, batch.marker())) {
      // An interrupted run committed bronze; its rejected commit may be missing.
      Dataset<Row> rejected = rejected(Optional.of(checked), batch.unreadable());
      if (!rejected.isEmpty()) {
        writeRejected(batch, rejected);
      }
      return new BatchOutcome(batch.files().size(), batch.bytes(), 0, 0, 0, List.of());
    }
    if (counts.rejected() > 0 || !batch.unreadable().isEmpty()) {
      writeRejected(batch, rejected(Optional.of(checked), batch.unreadable()));
    }
    return new BatchOutcome(
        batch.files().size(),
        batch.bytes(),
        counts.records() - counts.rejected(),
        counts.rescued(),
        counts.rejected() + batch.unreadable().size(),
        schema.changes());
  }

  /** Bronze's columns: the target schema's, then the lineage ones. */
  private static Column[] bronzeColumns(StructType target) {
    List<Column> columns = new ArrayList<>();
    for (String name : target.fieldNames()) {
      columns.add(col("`" + name.replace("`", "``") + "`"));
    }
    for (String name :
        List.of(
            Columns.RESCUED_DATA,
            Columns.SOURCE_FILE,
            Columns.FILE_MODIFIED_AT,
            Columns.INGESTED_AT,
            Columns.RUN_ID)) {
      columns.add(col(name));
    }
    return columns.toArray(Column[]::new);
  }

  /** The rejected records of a batch: those the reader or the typing rejected, and whole files. */
  private Dataset<Row> rejected(Optional<Dataset<Row>> checked, List<Row> unreadable) {
    Dataset<Row> files = lake.spark().createDataFrame(unreadable, REJECTED);
    if (checked.isEmpty()) {
      return files;
    }
    Column[] columns =
        Arrays.stream(REJECTED.fieldNames()).map(functions::col).toArray(Column[]::new);
    return checked
        .get()
        .where(col(Columns.REJECT_REASON).isNotNull())
        .select(columns)
        .unionByName(files);
  }

  private void writeRejected(Pending batch, Dataset<Row> rows) {
    IdempotentAppend.append(lake, source.rejectedTable(), rows, batch.marker());
  }

  private Row rejection(FileListing file, String reason) {
    return RowFactory.create(
        file.path(), file.modifiedAt(), null, reason, Timestamp.from(Instant.now()), runId);
  }

  /** The file a read failure names, when it is one of this batch's files. */
  private static Optional<String> unreadableFile(Exception error, Iterable<String> files) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String named = null;
      if (cause instanceof UnreadableFileException unreadable) {
        named = unreadable.path();
      } else if (cause instanceof SparkThrowable spark
          && spark.getCondition() != null
          && spark.getCondition().startsWith("FAILED_READ_FILE")) {
        named = spark.getMessageParameters().get("path");
      }
      if (named != null) {
        for (String file : files) {
          if (samePath(file, named)) {
            return Optional.of(file);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean samePath(String listed, String named) {
    return new Path(listed).toUri().getPath().equals(new Path(named).toUri().getPath());
  }
}
