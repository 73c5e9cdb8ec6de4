package io.lakeml.lake;

import java.util.List;

/** Names of the metadata columns lakeml adds to lake tables. */
public final class Columns {
  /** The raw file a bronze row came from. */
  public static final String SOURCE_FILE = "_source_file";

  /** The modification time of that file when it was ingested. */
  public static final String FILE_MODIFIED_AT = "_file_modified_at";

  /** When the row was ingested into bronze. */
  public static final String INGESTED_AT = "_ingested_at";

  /** The run that last wrote the row. */
  public static final String RUN_ID = "_run_id";

  /**
   * Values that did not fit their column's type, or columns not in the schema: name to raw text.
   */
  public static final String RESCUED_DATA = "_rescued_data";

  /** In a rejected-records table: the record's raw text as read. */
  public static final String RAW_RECORD = "_raw_record";

  /** In a rejected-records table: why the record was rejected. */
  public static final String REJECT_REASON = "_reject_reason";

  /**
   * The text metadata columns that no query filters on: ingest writes no Parquet min/max on them,
   * since the min/max of a long path on every row costs and saves nothing.
   */
  public static final List<String> UNFILTERED_TEXT = List.of(SOURCE_FILE, RUN_ID, RAW_RECORD);

  /**
   * The only columns a bronze table keeps Delta data-skipping statistics on: the lineage
   * timestamps, which follow the order rows arrive in, so an audit of what landed when skips whole
   * files.
   */
  public static final List<String> BRONZE_STATISTICS = List.of(FILE_MODIFIED_AT, INGESTED_AT);

  /** The model version that produced a prediction. */
  public static final String MODEL_VERSION = "model_version";

  /** The predicted label or value. */
  public static final String PREDICTION = "prediction";

  /** The predicted probability of the positive class (binary classification). */
  public static final String PROBABILITY = "probability";

  private Columns() {}

  /** Whether a column is one of lakeml's metadata columns rather than data. */
  public static boolean isMetadata(String column) {
    return column.startsWith("_");
  }
}
