package io.lakeml.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Columns;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.quality.QualityReport;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Re-evaluates a table's quarantined rows under its current rules: rows that now pass are merged
 * into silver and removed from the quarantine; the others stay, with the rules they now break.
 * Replaying again moves nothing twice: the MERGE into silver does not apply a row twice, and only
 * rows this replay did not set aside again are removed.
 */
public final class Replay {
  private Replay() {}

  /** The writes of one replay: silver, then the quarantine. */
  public static List<TableWrite> replay(
      Lake lake,
      SilverTableSpec spec,
      String runId,
      LocalDate runDate,
      Consumer<QualityReport> measured) {
    TableId quarantine = spec.id().quarantine();
    List<TableWrite> writes = new ArrayList<>();
    if (!lake.exists(quarantine)) {
      return writes;
    }
    Lineage lineage =
        lake.lineage(spec.id())
            .orElseThrow(
                () ->
                    LakeErrors.tableNotFound(
                        spec.id().toString(), lake.layout().table(spec.id()), "refine"));
    Dataset<Row> quarantined = lake.snapshot(quarantine, "refine").rows();
    Timestamp newest = quarantined.agg(max(Quarantine.QUARANTINED_AT)).first().getTimestamp(0);
    if (newest == null) {
      return writes;
    }
    RefineTable.Outcome outcome =
        RefineTable.apply(
            lake, spec, Quarantine.asBronze(quarantined), lineage, runId, runDate, measured);
    writes.add(outcome.silver());
    // Of the rows this replay read, those it quarantined again carry its run id; the rest have
    // left. Rows quarantined since it read are newer, and stay.
    writes.add(
        lake.commit(
            quarantine,
            lineage,
            table ->
                table.delete(
                    col(Columns.RUN_ID)
                        .notEqual(runId)
                        .and(col(Quarantine.QUARANTINED_AT).leq(lit(newest))))));
    return writes;
  }
}
