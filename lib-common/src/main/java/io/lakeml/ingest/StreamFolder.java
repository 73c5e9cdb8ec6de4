package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.pipeline.SourceSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The folder a file source's checkpoint lists. Spark's file stream records the files it has read,
 * but not the folder: started on another folder, it fails with an error about a "wrong basePath",
 * and fails again on every rerun. So the first run that completes records the folder in the
 * checkpoint ({@value #FILE}), and a later run on another folder stops before the stream starts,
 * saying what to do. (Recorded after the stream, not before: a checkpoint made before lakeml kept
 * the record may be listing another folder than today's path, which only the stream can tell.)
 */
final class StreamFolder {
  static final String FILE = "lakeml-source-folder";

  private final FileSystem fs;
  private final Path record;
  private final String folder;
  private final boolean recorded;

  private StreamFolder(FileSystem fs, Path record, String folder, boolean recorded) {
    this.fs = fs;
    this.record = record;
    this.folder = folder;
    this.recorded = recorded;
  }

  /**
   * The folder of {@code source}, {@code folder} (a qualified URI); fails when the source's
   * checkpoint has recorded another one.
   */
  static StreamFolder check(Lake lake, SourceSpec source, String folder) {
    Path record = new Path(lake.layout().checkpoint(source.name()), FILE);
    try {
      FileSystem fs = record.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      String tracked;
      try (InputStream in = fs.open(record)) {
        tracked = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (FileNotFoundException e) {
        return new StreamFolder(fs, record, folder, false);
      }
      if (!tracked.equals(folder)) {
        throw LakeErrors.sourceMoved(source.name(), folder, tracked, record.getParent().toString());
      }
      return new StreamFolder(fs, record, folder, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + record, e);
    }
  }

  /** Records the folder in the checkpoint, once the stream has run on it, unless it is already. */
  void remember() {
    if (recorded) {
      return;
    }
    // Ingest holds the lake's writer lock: no other run writes the record meanwhile.
    try (OutputStream out = fs.create(record, false)) {
      out.write((folder + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + record, e);
    }
  }
}
