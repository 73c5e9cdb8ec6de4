package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.pipeline.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The folder a file source's checkpoint lists. Spark's file stream records the files it has read,
 * but not the folder: started on another folder, it fails with an error about a "wrong basePath",
 * and fails again on every rerun. So the first run records the folder in the checkpoint ({@value
 * #FILE}), and a later run on another folder stops before the stream starts, saying what to do.
 */
final class StreamFolder {
  static final String FILE = "lakeml-source-folder";

  private StreamFolder() {}

  /** Records {@code source}'s folder on its first run; fails if a later run lists another one. */
  static void require(Lake lake, SourceSpec source, String location) {
    Path checkpoint = new Path(lake.layout().checkpoint(source.name()));
    Path record = new Path(checkpoint, FILE);
    try {
      FileSystem fs = record.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      String folder = fs.makeQualified(new Path(location)).toString();
      if (!fs.exists(record)) {
        write(fs, record, folder);
        return;
      }
      String tracked;
      try (InputStream in = fs.open(record)) {
        tracked = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (!tracked.equals(folder)) {
        throw LakeErrors.sourceMoved(source.name(), folder, tracked, checkpoint.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write " + record, e);
    }
  }

  private static void write(FileSystem fs, Path record, String folder) throws IOException {
    try (OutputStream out = fs.create(record, false)) {
      out.write((folder + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException e) {
      // Another start wrote it first; the next run compares against it.
    }
  }
}
