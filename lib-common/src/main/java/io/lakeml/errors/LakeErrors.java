package io.lakeml.errors;

import java.util.Collection;

/** The one place user-facing errors are built; every message names what, why and the fix. */
public final class LakeErrors {
  private LakeErrors() {}

  /** A config value exists but does not fit; {@code location} is "file:line". */
  public static LakeException configInvalid(
      String location, String path, String expected, String actual) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format("%s: %s: expected %s, got %s", location, path, expected, actual),
        null);
  }

  /** A required config key is absent; {@code location} is where its parent object is. */
  public static LakeException configMissing(String location, String path, String expected) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format("%s: %s: missing; expected %s", location, path, expected),
        null);
  }

  /** A config file could not be read, parsed or its substitutions resolved. */
  public static LakeException configUnreadable(String detail, Throwable cause) {
    return new LakeException(
        ErrorCode.CONFIG_UNREADABLE,
        "Cannot load configuration: " + detail + " (fix the file or override named here)",
        cause);
  }

  /** A table identifier that does not match {@code layer.name}. */
  public static LakeException tableIdInvalid(String id, String reason) {
    return new LakeException(
        ErrorCode.TABLE_ID_INVALID,
        String.format(
            "Invalid table id '%s': %s; expected 'layer.name' with layer one of bronze, silver,"
                + " gold and name matching [a-z][a-z0-9_]*",
            id, reason),
        null);
  }

  /** A source's folder does not exist. */
  public static LakeException sourceMissing(String source, String location) {
    return new LakeException(
        ErrorCode.SOURCE_NOT_FOUND,
        String.format(
            "Cannot ingest source %s: %s does not exist; create it and land files there, or fix"
                + " sources.%s.path",
            source, location, source),
        null);
  }

  /** A file source's folder is not the one its checkpoint has been listing. */
  public static LakeException sourceMoved(
      String source, String folder, String tracked, String checkpoint) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format(
            "Cannot ingest source %s: sources.%s.path is %s, but the source's checkpoint %s has"
                + " been listing %s, and Spark's file stream cannot move to another folder. Set"
                + " the path back to %s; or declare the new folder as a new source writing to the"
                + " same table (it gets its own checkpoint); or, to read the new folder from"
                + " scratch under this source, delete the checkpoint folder: every file in %s is"
                + " then ingested as new, including files already ingested from %s",
            source, source, folder, checkpoint, tracked, tracked, folder, tracked),
        null);
  }

  /** A file source archives its ingested files into its own folder. */
  public static LakeException archiveInSource(String source, String archive, String folder) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format(
            "Cannot ingest source %s: sources.%s.options.sourceArchiveDir is %s, inside the"
                + " source's folder %s, where archived files would be listed again (Spark's file"
                + " stream refuses it); choose a folder outside %s",
            source, source, archive, folder, folder),
        null);
  }

  /** A source's declared column type differs from the type its bronze table already has. */
  public static LakeException schemaConflict(
      String source, String table, String column, String declared, String existing) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format(
            "Cannot ingest source %s: sources.%s.schema declares %s %s but %s has %s %s; declare"
                + " %s, or write a new table",
            source, source, column, declared, table, column, existing, existing),
        null);
  }

  /** A file grew or shrank after the streaming source listed it: it is still being written. */
  public static LakeException fileChanging(
      String source, String file, long listedBytes, long currentBytes) {
    return new LakeException(
        ErrorCode.SOURCE_FILE_CHANGING,
        String.format(
            "Cannot ingest source %s: %s changed from %d to %d bytes after it was listed, so it"
                + " is still being written; nothing was committed. Land files complete (write"
                + " under a temporary name, then rename) and rerun ingest",
            source, file, listedBytes, currentBytes),
        null);
  }

  /** Reading a source or writing its bronze table failed; nothing of the failed batch is kept. */
  public static LakeException ingestFailed(String source, String location, Throwable cause) {
    return new LakeException(
        ErrorCode.STAGE_FAILED,
        String.format(
            "Cannot ingest source %s from %s: %s; nothing of the failed batch was committed, and"
                + " a rerun retries it",
            source, location, rootMessage(cause)),
        cause);
  }

  /** A stage needs a table that has not been written yet. */
  public static LakeException tableNotFound(String table, String location, String producer) {
    return new LakeException(
        ErrorCode.TABLE_NOT_FOUND,
        String.format(
            "Cannot read %s: no Delta table at %s; run '%s' first (or 'run' for every stage)",
            table, location, producer),
        null);
  }

  /** Columns a declaration names are not in the table it reads. */
  public static LakeException columnsMissing(
      String configPath, String table, Collection<String> missing, Collection<String> available) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format(
            "%s: columns %s are not in %s; its columns are %s (fix the pipeline file or the"
                + " table's definition)",
            configPath, missing, table, available),
        null);
  }

  /** Data a saved model is applied to lacks columns the model was trained with. */
  public static LakeException scoringColumnsMissing(
      Collection<String> missing, Collection<String> available) {
    return new LakeException(
        ErrorCode.COLUMN_NOT_FOUND,
        String.format(
            "Cannot score: the data has no column %s, which the model requires; its columns are %s"
                + " (add the column, or retrain with it in features.optional or features.exclude)",
            missing, available),
        null);
  }

  /** A batch broke a rule whose action is fail; nothing was written. */
  public static LakeException qualityFailed(
      String table, String rule, String what, Collection<String> samples) {
    return new LakeException(
        ErrorCode.QUALITY_FAILED,
        String.format(
            "Cannot refine %s: rule '%s' (action fail) failed: %s%s; nothing was written to %s or"
                + " its quarantine. Fix the data in bronze, or relax the rule (action warn,"
                + " drop or quarantine), and rerun",
            table, rule, what, samples.isEmpty() ? "" : "; sample keys " + samples, table),
        null);
  }

  /** No registered version of a model. */
  public static LakeException modelNotFound(String model, Collection<String> known) {
    return new LakeException(
        ErrorCode.MODEL_NOT_FOUND,
        String.format(
            "Cannot use model '%s': the registry has no version of it (registered: %s);"
                + " run 'train' first",
            model, known.isEmpty() ? "none" : String.join(", ", known)),
        null);
  }

  /** A model exists but not in this version. */
  public static LakeException versionNotFound(
      String model, int version, Collection<Integer> known) {
    return new LakeException(
        ErrorCode.MODEL_NOT_FOUND,
        String.format(
            "Cannot use version %d of model '%s': the registry has versions %s; 'lakeml models"
                + " list %s' shows them",
            version, model, known, model),
        null);
  }

  /** A model has versions but none is its champion (e.g. a registry from before aliases). */
  public static LakeException noChampion(String model, String action) {
    return new LakeException(
        ErrorCode.MODEL_NOT_FOUND,
        String.format(
            "Cannot %s model '%s': no version of it is champion; make one champion with"
                + " 'lakeml models promote %s <version>'",
            action, model, model),
        null);
  }

  /** Rollback asked of a model whose champion has no archived predecessor. */
  public static LakeException noFormerChampion(String model, int champion) {
    return new LakeException(
        ErrorCode.MODEL_NOT_FOUND,
        String.format(
            "Cannot roll back model '%s': its champion v%d has no former champion to restore;"
                + " promote a version explicitly with 'lakeml models promote %s <version>'",
            model, champion, model),
        null);
  }

  /** A {@code model:version} reference that does not parse. */
  public static LakeException modelReferenceInvalid(String text) {
    return new LakeException(
        ErrorCode.CONFIG_INVALID,
        String.format(
            "Cannot read model reference '%s': expected <model>:<version>, e.g."
                + " flight_delay:3",
            text),
        null);
  }

  /** An input table version a model was trained from can no longer be read (vacuumed). */
  public static LakeException inputVersionGone(
      String model, int version, String table, long tableVersion, Throwable cause) {
    return new LakeException(
        ErrorCode.TABLE_NOT_FOUND,
        String.format(
            "Cannot reproduce %s v%d: version %d of %s cannot be read (%s); its files were"
                + " probably removed by VACUUM, so this version cannot be rebuilt exactly",
            model, version, tableVersion, table, rootMessage(cause)),
        cause);
  }

  /** A query failed to parse or analyse; {@code what} names where the SQL came from. */
  public static LakeException sqlFailed(String what, String reason, Throwable cause) {
    return new LakeException(
        ErrorCode.SQL_FAILED, String.format("Cannot run %s: %s", what, reason), cause);
  }

  /**
   * Another command holds the lake's writer lock at {@code location}; {@code stale} when its lease
   * has expired, so that its holder probably died.
   */
  public static LakeException lakeLocked(String location, String holder, boolean stale) {
    String fix =
        stale
            ? "its lease has expired, so that writer probably died: check that it no longer runs,"
                + " then run 'lakeml unlock' with the same --lake, or delete "
                + location
            : "wait for it to finish (if it died, 'lakeml unlock --force' with the same --lake"
                + " removes its lock)";
    return new LakeException(
        ErrorCode.LAKE_LOCKED,
        String.format(
            "Cannot write to the lake: another writer holds %s: %s. Delta's S3 log store allows"
                + " one writer per lake at a time; %s",
            location, holder, fix),
        null);
  }

  /** A stage failed on data or storage; the run is recorded as failed. */
  public static LakeException stageFailed(String stage, String target, Throwable cause) {
    return new LakeException(
        ErrorCode.STAGE_FAILED,
        String.format("Stage %s failed on %s: %s", stage, target, rootMessage(cause)),
        cause);
  }

  /** The innermost non-empty message of a cause chain, for one-line error reports. */
  public static String rootMessage(Throwable error) {
    String message = error.toString();
    for (Throwable current = error; current != null; current = current.getCause()) {
      if (current.getMessage() != null && !current.getMessage().isBlank()) {
        message = current.getClass().getSimpleName() + ": " + current.getMessage();
      }
    }
    return message;
  }
}
