package io.lakeml.refine;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;

import io.lakeml.config.Digests;
import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.delta.Snapshot;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.quality.Action;
import io.lakeml.quality.QualityGate;
import io.lakeml.quality.QualityReport;
import io.lakeml.quality.QualityResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refines one silver table: reads the bronze rows added since the last refine (all of them after a
 * change of definition), types them, evaluates the rules in one pass, quarantines and drops what
 * they say, and merges the rest, the bronze version read recorded in the same silver commit.
 */
public final class RefineTable {
  private static final Logger LOG = LoggerFactory.getLogger(RefineTable.class);
  private static final int SAMPLE_KEYS = 5;

  private RefineTable() {}

  /**
   * What one refine did.
   *
   * @param silver the silver write (skipped when bronze and the definition are unchanged)
   * @param quarantine the quarantine write, when rows were quarantined
   * @param report the rules' results; empty when skipped
   */
  public record Outcome(
      TableWrite silver, Optional<TableWrite> quarantine, Optional<QualityReport> report) {}

  /**
   * Refines {@code spec} from its bronze table as of now; {@code measured} receives the rules'
   * results before anything is written (also when a fail rule then stops the run).
   */
  public static Outcome refine(
      Lake lake,
      SilverTableSpec spec,
      String runId,
      LocalDate runDate,
      Consumer<QualityReport> measured) {
    Snapshot bronze = lake.snapshot(spec.source(), "ingest");
    String definition = Digests.sha256(spec.toString());
    Lineage lineage = new Lineage(Map.of(spec.source().toString(), bronze.version()), definition);
    Optional<Lineage> previous = lake.lineage(spec.id());
    if (previous.equals(Optional.of(lineage))) {
      return new Outcome(lake.unchanged(spec.id()), Optional.empty(), Optional.empty());
    }
    Dataset<Row> batch =
        previous
            .filter(last -> last.definition().equals(definition))
            .map(last -> last.inputs().get(spec.source().toString()))
            .flatMap(after -> lake.changes(spec.source(), after, bronze.version()))
            .orElse(bronze.rows());
    return apply(lake, spec, batch, lineage, runId, runDate, measured);
  }

  /**
   * Applies bronze-shaped {@code rows} to the table under the current rules; {@code lineage} goes
   * on the silver commit. Shared by refine and quarantine replay.
   */
  public static Outcome apply(
      Lake lake,
      SilverTableSpec spec,
      Dataset<Row> rows,
      Lineage lineage,
      String runId,
      LocalDate runDate,
      Consumer<QualityReport> measured) {
    Dataset<Row> flagged =
        QualityGate.flag(
                Refine.prepare(rows, spec),
                spec.expectations(),
                table -> lake.read(table, "refine"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long started = System.nanoTime();
      QualityReport report =
          QualityGate.measure(
              flagged,
              spec.expectations(),
              spec.checks(),
              spec.key(),
              runDate.plusDays(1).atStartOfDay());
      LOG.info(
          "refine {}: {} rows checked against {} rules in {} ms",
          spec.id(),
          report.rows(),
          report.results().size(),
          millisSince(started));
      measured.accept(report);
      Optional<QualityResult> failure = report.failure();
      if (failure.isPresent()) {
        throw failed(spec, flagged, failure.get());
      }
      Optional<TableWrite> quarantine =
          report.quarantined() == 0
              ? Optional.empty()
              : Optional.of(
                  Quarantine.write(
                      lake,
                      spec.id(),
                      QualityGate.withOutcome(flagged, Action.QUARANTINE),
                      runId,
                      lineage));
      Dataset<Row> kept =
          Refine.latestPerKey(
              QualityGate.kept(flagged)
                  .drop(Refine.RAW, QualityGate.FAILED_RULES, QualityGate.OUTCOME),
              spec.key(),
              spec.orderBy());
      boolean nothingNew =
          report.rows() == report.dropped() + report.quarantined()
              && lake.lineage(spec.id()).equals(Optional.of(lineage));
      if (nothingNew) {
        return new Outcome(lake.unchanged(spec.id()), quarantine, Optional.of(report));
      }
      long merging = System.nanoTime();
      SilverTables.ensure(lake, spec, kept.schema());
      TableWrite silver = SilverWriter.write(lake, spec, kept, lineage);
      LOG.info(
          "refine {}: merged into version {} ({} rows written) in {} ms",
          spec.id(),
          silver.version(),
          silver.rowsWritten(),
          millisSince(merging));
      return new Outcome(silver, quarantine, Optional.of(report));
    } finally {
      flagged.unpersist();
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static RuntimeException failed(
      SilverTableSpec spec, Dataset<Row> flagged, QualityResult failure) {
    if (!failure.kind().equals("row")) {
      return LakeErrors.qualityFailed(
          spec.id().toString(), failure.rule(), failure.observed(), List.of());
    }
    Column[] key = spec.key().stream().map(functions::col).toArray(Column[]::new);
    List<String> samples =
        flagged
            .where(array_contains(col(QualityGate.FAILED_RULES), failure.rule()))
            .select(key)
            .limit(SAMPLE_KEYS)
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    return LakeErrors.qualityFailed(
        spec.id().toString(),
        failure.rule(),
        failure.rowsFailed() + " of " + failure.rowsChecked() + " rows",
        samples);
  }
}
