package io.lakeml.errors;

/** The kinds of error lakeml reports, each with the process exit code a command ends with. */
public enum ErrorCode {
  /** A configuration value is missing, of the wrong type, or inconsistent with another. */
  CONFIG_INVALID(2),
  /** A configuration file cannot be read or parsed. */
  CONFIG_UNREADABLE(2),
  /** A table identifier does not match {@code layer.name}. */
  TABLE_ID_INVALID(2),
  /** A source's folder does not exist. */
  SOURCE_NOT_FOUND(3),
  /** A source file changed between being listed and being read (still being written). */
  SOURCE_FILE_CHANGING(1),
  /** A table a stage reads does not exist yet. */
  TABLE_NOT_FOUND(3),
  /** Data a model scores lacks a column the model requires. */
  COLUMN_NOT_FOUND(3),
  /** A model, or a model version, is not in the registry. */
  MODEL_NOT_FOUND(3),
  /** A batch broke a quality rule whose action is fail. */
  QUALITY_FAILED(5),
  /** A query could not be analysed or run. */
  SQL_FAILED(4),
  /** Another command holds the lake's writer lock. */
  LAKE_LOCKED(6),
  /** A stage failed while reading, transforming or writing data. */
  STAGE_FAILED(1);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The exit code a command ends with when it stops on this error. */
  public int exitCode() {
    return exitCode;
  }
}
