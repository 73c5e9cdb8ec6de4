package io.lakeml.errors;

/** A user-facing lakeml error: its message states the problem, its cause and the fix. */
public final class LakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  LakeException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The kind of error. */
  public ErrorCode code() {
    return code;
  }
}
