package io.lakeml.run;

import io.lakeml.errors.LakeErrors;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The lake's single-writer lease: one object, {@code _lakeml/locks/writer}, created only if absent
 * and deleted when the writer ends. Delta's S3 log store is safe for one writer at a time, and
 * every stage writes {@code lakeml.runs}, so two writing commands on one lake could lose a commit;
 * this lock makes the second one stop with an error that names the holder instead.
 *
 * <p>Creation is atomic where the store allows it: a conditional PUT ({@code If-None-Match: *}) on
 * S3A, an exclusive create on HDFS. Elsewhere (local disks, S3-compatible servers without
 * conditional writes) an existence check just before the create leaves a window of milliseconds
 * between two writers starting at the same moment. A lease that outlives its expiry is never taken
 * over silently: {@link #breakStale} (the {@code lakeml unlock} command) removes it.
 */
public final class WriterLock implements AutoCloseable {
  // S3A (Hadoop 3.4.2+) sends If-None-Match: * for this create option; other stores ignore it.
  private static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  private final FileSystem fs;
  private final Path path;
  private final Holder holder;
  private final Runnable releaseOnExit;

  private WriterLock(FileSystem fs, Path path, Holder holder) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
    this.releaseOnExit = this::release;
  }

  /**
   * Who holds the lock and until when.
   *
   * @param owner user, host and process id of the holder
   * @param command the command that took it
   * @param runId the run id of that command, unique per acquisition
   * @param acquiredAt when it was taken
   * @param expiresAt when the lease ends; a lock still present after it is stale
   */
  public record Holder(
      String owner, String command, String runId, Instant acquiredAt, Instant expiresAt) {

    /** A holder for this process. */
    public static Holder of(String command, String runId, Instant now, Duration lease) {
      String user = System.getProperty("user.name", "unknown");
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
      }
      String owner = user + "@" + host + " pid " + ProcessHandle.current().pid();
      return new Holder(owner, command, runId, now, now.plus(lease));
    }

    /** Whether the lease has ended at {@code now}. */
    public boolean expired(Instant now) {
      return now.isAfter(expiresAt);
    }

    @Override
    public String toString() {
      return String.format(
          "%s (command %s, run %s, since %s, lease until %s)",
          owner, command, runId, acquiredAt, expiresAt);
    }

    String serialize() {
      return String.join(
          "\n",
          "owner=" + owner,
          "command=" + command,
          "run-id=" + runId,
          "acquired-at=" + acquiredAt,
          "expires-at=" + expiresAt,
          "");
    }

    static Holder parse(String text) throws IOException {
      Properties properties = new Properties();
      properties.load(new StringReader(text));
      try {
        return new Holder(
            properties.getProperty("owner", "unknown"),
            properties.getProperty("command", "unknown"),
            properties.getProperty("run-id", "unknown"),
            Instant.parse(properties.getProperty("acquired-at")),
            Instant.parse(properties.getProperty("expires-at")));
      } catch (RuntimeException e) {
        throw new IOException("unreadable lock content: " + text.strip(), e);
      }
    }
  }

  /**
   * Takes the lock at {@code location} for {@code holder}, or fails with {@link
   * io.lakeml.errors.ErrorCode#LAKE_LOCKED} naming the current holder. The lock is released by
   * {@link #close()}, or by a shutdown hook if the process is stopped.
   */
  public static WriterLock acquire(Configuration hadoop, String location, Holder holder) {
    Path path = new Path(location);
    FileSystem fs = fileSystem(hadoop, path);
    try {
      take(fs, path, location, holder);
    } catch (RuntimeException e) {
      closeAfter(fs, e);
      throw e;
    }
    WriterLock lock = new WriterLock(fs, path, holder);
    // Hadoop's hook manager runs this after Spark has stopped and before file systems close.
    ShutdownHookManager.get()
        .addShutdownHook(lock.releaseOnExit, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
    return lock;
  }

  /** The current holder of the lock at {@code location}, if any. */
  public static Optional<Holder> holder(Configuration hadoop, String location) {
    Path path = new Path(location);
    try (FileSystem fs = fileSystem(hadoop, path)) {
      return read(fs, path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the file system of " + path, e);
    }
  }

  /**
   * Removes the lock at {@code location} when its lease has expired, or whatever its lease when
   * {@code force} is set, and returns the holder it removed. A live lease without {@code force}
   * fails with {@link io.lakeml.errors.ErrorCode#LAKE_LOCKED}.
   */
  public static Optional<Holder> breakStale(Configuration hadoop, String location, boolean force) {
    Path path = new Path(location);
    try (FileSystem fs = fileSystem(hadoop, path)) {
      Optional<Holder> current = read(fs, path);
      if (current.isPresent()) {
        if (!force && !current.get().expired(now())) {
          throw LakeErrors.lakeLocked(location, current.get().toString(), false);
        }
        delete(fs, path);
      }
      return current;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the file system of " + path, e);
    }
  }

  /** The holder this process wrote. */
  public Holder holder() {
    return holder;
  }

  /** Releases the lock if this process still holds it. */
  @Override
  public void close() {
    if (ShutdownHookManager.get().isShutdownInProgress()) {
      return; // the hook releases it
    }
    ShutdownHookManager.get().removeShutdownHook(releaseOnExit);
    try (FileSystem closing = fs) {
      release();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the file system of " + path, e);
    }
  }

  private void release() {
    Optional<Holder> current = read(fs, path);
    if (current.isPresent() && current.get().runId().equals(holder.runId())) {
      delete(fs, path);
    }
  }

  private static void take(FileSystem fs, Path path, String location, Holder holder) {
    try {
      create(fs, path, holder);
    } catch (IOException e) {
      Optional<Holder> current = read(fs, path);
      if (current.isEmpty()) {
        throw new UncheckedIOException("Cannot create the writer lock " + location, e);
      }
      throw LakeErrors.lakeLocked(location, current.get().toString(), current.get().expired(now()));
    }
    Optional<Holder> written = read(fs, path);
    if (written.isEmpty() || !written.get().runId().equals(holder.runId())) {
      // A store without conditional create let a concurrent writer replace our lock.
      throw LakeErrors.lakeLocked(
          location, written.map(Holder::toString).orElse("another writer"), false);
    }
  }

  private static void create(FileSystem fs, Path path, Holder holder) throws IOException {
    if (fs.exists(path)) {
      // S3A skips its existence probe for a conditional create, and servers without conditional
      // writes ignore If-None-Match: this check keeps them from silently replacing a lock.
      throw new FileAlreadyExistsException(path.toString());
    }
    FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(path);
    builder.create().overwrite(false).recursive().opt(CONDITIONAL_CREATE, "true");
    try (FSDataOutputStream out = builder.build()) {
      out.write(holder.serialize().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Optional<Holder> read(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return Optional.of(Holder.parse(bytes.toString(StandardCharsets.UTF_8)));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the writer lock " + path, e);
    }
  }

  private static void delete(FileSystem fs, Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the writer lock " + path, e);
    }
  }

  /**
   * A file system instance of the lock's own: the cached one of the same URI would be shared with
   * Spark, which builds it from its own configuration, and closed by whoever closes it first.
   */
  private static FileSystem fileSystem(Configuration hadoop, Path path) {
    try {
      return FileSystem.newInstance(path.toUri(), hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the file system of " + path, e);
    }
  }

  private static void closeAfter(FileSystem fs, RuntimeException failure) {
    try {
      fs.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static Instant now() {
    return Instant.now();
  }
}
