package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import io.lakeml.pipeline.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Raw files → bronze, incrementally and exactly once. A Structured Streaming file source with
 * {@code Trigger.AvailableNow} and a checkpoint per source lists the folder and hands each
 * micro-batch's new files (never their content) to {@link FileBatch}, which reads them and commits
 * them to bronze in a commit marked with the batch id ({@link IdempotentAppend}). The checkpoint
 * records a batch's files before it runs and marks it done after its commit, so a rerun, or a rerun
 * after a crash, never ingests a file twice and never skips one.
 */
public final class FileIngest {
  private FileIngest() {}

  /** Ingests the source's new files into its bronze table and waits until they are committed. */
  public static IngestReport ingest(Lake lake, SourceSpec source, String runId) {
    Lake ingest = Ingest.isolated(lake);
    SparkSession spark = ingest.spark();
    String location = source.location(lake.layout());
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    Path listed = qualified(hadoop, location);
    long seen = countFiles(hadoop, source, listed);
    checkArchive(hadoop, source, listed);
    StreamFolder folder = StreamFolder.check(lake, source, listed.toString());
    long before = lake.exists(source.table()) ? lake.version(source.table()) : -1;
    long rejectedBefore =
        lake.exists(source.rejectedTable()) ? lake.version(source.rejectedTable()) : -1;
    FileBatches batches = new FileBatches(ingest, source, runId);
    try {
      files(spark, source, location)
          .writeStream()
          .queryName("ingest_" + source.name())
          .option("checkpointLocation", lake.layout().checkpoint(source.name()))
          .trigger(Trigger.AvailableNow())
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) batches::process)
          .start()
          .awaitTermination();
    } catch (Exception e) { // StreamingQueryException, and Spark's undeclared checked ones
      throw lakeError(e).orElseGet(() -> LakeErrors.ingestFailed(source.name(), location, e));
    }
    folder.remember();
    return batches.report(seen, writes(lake, source, before, rejectedBefore, batches));
  }

  /**
   * The listing stream: Spark's binaryFile source without the content column, which it never reads.
   */
  private static Dataset<Row> files(SparkSession spark, SourceSpec source, String location) {
    var reader =
        spark
            .readStream()
            .format("binaryFile")
            .schema(FileListing.SCHEMA)
            .option("maxFilesPerTrigger", source.maxFilesPerBatch());
    for (String option :
        List.of("pathGlobFilter", "recursiveFileLookup", "cleanSource", "sourceArchiveDir")) {
      Optional<String> value = ReaderOptions.get(source.options(), option);
      if (value.isPresent()) {
        reader = reader.option(option, value.get());
      }
    }
    return reader.load(location).select("path", "modificationTime", "length");
  }

  private static List<TableWrite> writes(
      Lake lake, SourceSpec source, long before, long rejectedBefore, FileBatches batches) {
    List<TableWrite> writes = new ArrayList<>();
    if (lake.exists(source.table())) {
      lake.register(source.table());
      long after = lake.version(source.table());
      writes.add(new TableWrite(source.table(), after, batches.rows(), after == before));
    } else {
      writes.add(new TableWrite(source.table(), -1, 0, true));
    }
    if (lake.exists(source.rejectedTable())) {
      lake.register(source.rejectedTable());
      long after = lake.version(source.rejectedTable());
      writes.add(
          new TableWrite(
              source.rejectedTable(), after, batches.rejected(), after == rejectedBefore));
    }
    return writes;
  }

  /**
   * {@code location} qualified by its own file system, which need not be the lake's: a lake on S3
   * may ingest from a local folder or another bucket.
   */
  private static Path qualified(Configuration hadoop, String location) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(hadoop).makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + location, e);
    }
  }

  /** Files in the source folder, as the file source sees them (hidden ones left out). */
  private static long countFiles(Configuration hadoop, SourceSpec source, Path folder) {
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      if (!fs.exists(folder)) {
        throw LakeErrors.sourceMissing(source.name(), folder.toString());
      }
      return count(fs, folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  /**
   * Fails, naming the key, when the source archives its ingested files into its own folder {@code
   * listed}: Spark would refuse it when the stream starts, on every rerun.
   */
  private static void checkArchive(Configuration hadoop, SourceSpec source, Path listed) {
    Optional<String> archive = source.archiveFolder();
    if (archive.isPresent()) {
      String target = qualified(hadoop, archive.get()).toString();
      if (target.equals(listed.toString()) || target.startsWith(listed + "/")) {
        throw LakeErrors.archiveInSource(source.name(), target, listed.toString());
      }
    }
  }

  /** Files under {@code folder}, leaving out hidden ones (names starting with _ or .). */
  private static long count(FileSystem fs, Path folder) throws IOException {
    long files = 0;
    for (FileStatus child : fs.listStatus(folder)) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      files += child.isDirectory() ? count(fs, child.getPath()) : 1;
    }
    return files;
  }

  private static Optional<LakeException> lakeError(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof LakeException lake) {
        return Optional.of(lake);
      }
    }
    return Optional.empty();
  }
}
