package io.lakeml.ingest;

/** A file that cannot be read at all (truncated archive, vanished); it is rejected whole. */
final class UnreadableFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  UnreadableFileException(String path, String reason, Throwable cause) {
    super(reason, cause);
    this.path = path;
  }

  /** The file's URI. */
  String path() {
    return path;
  }
}
