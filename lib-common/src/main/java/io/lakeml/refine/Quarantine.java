package io.lakeml.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.TableWrite;
import io.lakeml.lake.Columns;
import io.lakeml.lake.TableId;
import io.lakeml.quality.QualityGate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code silver.<table>_quarantine}: rows kept out of silver, as received in bronze, with the rules
 * they broke, the file they came from and the run that set them aside. A row is identified by its
 * file and a hash of its raw values, so quarantining it again updates it, never repeats it.
 */
public final class Quarantine {
  /** When the row was (last) quarantined. */
  public static final String QUARANTINED_AT = "_quarantined_at";

  /** A hash of the raw values: with the source file, the identity of a quarantined row. */
  public static final String ROW_HASH = "_row_hash";

  /** Columns the quarantine adds to the raw values. */
  public static final List<String> METADATA =
      List.of(
          QualityGate.FAILED_RULES,
          Columns.SOURCE_FILE,
          Columns.INGESTED_AT,
          Columns.RUN_ID,
          QUARANTINED_AT,
          ROW_HASH);

  private Quarantine() {}

  /** Merges the flagged rows to quarantine into the table's quarantine. */
  public static TableWrite write(
      Lake lake, TableId table, Dataset<Row> flagged, String runId, Lineage lineage) {
    Dataset<Row> rows =
        flagged.select(
            col(Refine.RAW + ".*"),
            col(QualityGate.FAILED_RULES),
            col(Columns.SOURCE_FILE),
            col(Columns.INGESTED_AT),
            lit(runId).as(Columns.RUN_ID),
            current_timestamp().as(QUARANTINED_AT),
            xxhash64(col(Refine.RAW)).as(ROW_HASH));
    return lake.merge(
        table.quarantine(),
        rows,
        List.of(Columns.SOURCE_FILE, ROW_HASH),
        QUARANTINED_AT,
        List.of(),
        lineage);
  }

  /** Quarantined rows in bronze's shape (raw values and lineage), for replay. */
  public static Dataset<Row> asBronze(Dataset<Row> quarantined) {
    return quarantined.drop(QualityGate.FAILED_RULES, Columns.RUN_ID, QUARANTINED_AT, ROW_HASH);
  }
}
