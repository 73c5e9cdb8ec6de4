package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Columns;
import io.lakeml.pipeline.JdbcSpec;
import io.lakeml.pipeline.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDBC table or query → bronze, incrementally by a watermark column. Each run reads the rows past
 * the last committed watermark, up to the highest value present when the run starts, in parallel
 * partitions, and commits them to bronze in one Delta commit whose {@code userMetadata} holds the
 * new watermark; rows and watermark therefore land together or not at all, so a crash can neither
 * skip nor repeat rows. A run that finds its sequence number already committed (another run took
 * the range meanwhile, which the lake's writer lock prevents) stops without writing.
 */
public final class JdbcIngest {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcIngest.class);
  // Every run of a JDBC source numbers its commits in one sequence.
  private static final String WRITER = "jdbc";

  private JdbcIngest() {}

  /** Ingests the rows past the source's committed watermark. */
  public static IngestReport ingest(Lake lake, SourceSpec source, String runId) {
    JdbcSpec jdbc = source.jdbc().orElseThrow();
    try {
      return read(Ingest.isolated(lake), source, jdbc, runId);
    } catch (LakeException e) {
      throw e;
    } catch (Exception e) { // Spark rethrows SQLExceptions undeclared
      throw LakeErrors.ingestFailed(source.name(), jdbc.describe(), e);
    }
  }

  private static IngestReport read(Lake lake, SourceSpec source, JdbcSpec jdbc, String runId) {
    Optional<IngestMarker> last = IngestMarker.latest(lake, source.table(), source.name());
    Optional<String> from = last.flatMap(IngestMarker::watermark);
    Dataset<Row> all = JdbcReader.reader(lake.spark(), jdbc).load();
    String watermark = jdbc.watermarkColumn();
    DataType type = all.schema().apply(watermark).dataType();
    Column newRows =
        from.map(value -> col(watermark).gt(lit(value).cast(type)))
            .orElse(col(watermark).isNotNull());
    Row range = range(all.where(newRows), jdbc);
    if (range.getLong(0) == 0) {
      return report(lake, source, false, 0, 0, List.of(), from);
    }
    String upTo = range.getString(1);
    Dataset<Row> rows =
        JdbcReader.partitioned(lake.spark(), jdbc, range)
            .load()
            .where(newRows.and(col(watermark).leq(lit(upTo).cast(type))));
    long sequence = last.map(marker -> marker.batch() + 1).orElse(0L);
    IngestMarker marker = new IngestMarker(source.name(), WRITER, sequence, Optional.of(upTo));
    return write(lake, source, rows, marker, runId);
  }

  /** The count of new rows, their highest watermark, and the partition column's bounds. */
  private static Row range(Dataset<Row> rows, JdbcSpec jdbc) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)));
    aggregates.add(max(col(jdbc.watermarkColumn())).cast(DataTypes.StringType));
    jdbc.partitionColumn()
        .ifPresent(
            column -> {
              aggregates.add(min(col(column)).cast(DataTypes.StringType));
              aggregates.add(max(col(column)).cast(DataTypes.StringType));
            });
    return rows.agg(
            aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
        .first();
  }

  private static IngestReport write(
      Lake lake, SourceSpec source, Dataset<Row> rows, IngestMarker marker, String runId) {
    Dataset<Row> raw =
        rows.withColumn(ReaderOptions.CORRUPT, lit(null).cast(DataTypes.StringType))
            .withColumn(Columns.SOURCE_FILE, lit(source.location(lake.layout())))
            .withColumn(Columns.FILE_MODIFIED_AT, lit(null).cast(DataTypes.TimestampType));
    StructType known = BatchSchema.known(source, BatchSchema.tableSchema(lake, source.table()));
    BatchSchema schema = BatchSchema.resolve(source, known, RawFiles.dataFields(raw.schema()));
    BatchCounts counts =
        new BatchCounts(
            lake.spark().sparkContext(), "ingest_" + source.name() + "_" + marker.batch());
    // A JDBC row is never rejected: a value that does not fit its column is rescued.
    Dataset<Row> typed =
        counts.kept(
            Rescue.typed(raw, schema.target(), source.options(), source.format())
                .drop(Columns.REJECT_REASON, Columns.RAW_RECORD)
                .withColumn(Columns.INGESTED_AT, Ingest.ingestedAt())
                .withColumn(Columns.RUN_ID, lit(runId)),
            lit(false),
            col(Columns.RESCUED_DATA).isNotNull());
    boolean committed = IdempotentAppend.append(lake, source.table(), typed, marker);
    if (!committed) {
      throw LakeErrors.ingestFailed(
          source.name(),
          source.location(lake.layout()),
          new IllegalStateException(
              "another run committed watermark sequence " + marker.batch() + " meanwhile"));
    }
    long written = counts.records();
    LOG.info(
        "ingest {}: {} rows up to {} = {}",
        source.name(),
        written,
        source.jdbc().orElseThrow().watermarkColumn(),
        marker.watermark().orElseThrow());
    return report(
        lake, source, true, written, counts.rescued(), schema.changes(), marker.watermark());
  }

  private static IngestReport report(
      Lake lake,
      SourceSpec source,
      boolean written,
      long rows,
      long rescued,
      List<String> changes,
      Optional<String> watermark) {
    TableWrite write =
        lake.exists(source.table())
            ? new TableWrite(source.table(), lake.version(source.table()), rows, !written)
            : new TableWrite(source.table(), -1, 0, true);
    if (written) {
      lake.register(source.table());
    }
    return new IngestReport(
        source.name(), List.of(write), 0, 0, 0, rows, rescued, 0, changes, watermark);
  }
}
