package io.lakeml.quality;

import io.lakeml.lake.SystemTable;
import io.lakeml.lake.TableId;
import io.lakeml.run.JobContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code _lakeml/quality} ({@code lakeml.quality}): one row per rule per table per run. */
public final class QualityLog {
  /** The schema of {@code _lakeml/quality}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("pipeline", DataTypes.StringType, false)
          .add("table", DataTypes.StringType, false)
          .add("rule", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("action", DataTypes.StringType, false)
          .add("rows_checked", DataTypes.LongType, false)
          .add("rows_failed", DataTypes.LongType, false)
          .add("passed", DataTypes.BooleanType, false)
          .add("observed", DataTypes.StringType)
          .add("run_date", DataTypes.DateType, false)
          .add("checked_at", DataTypes.TimestampType, false);

  private QualityLog() {}

  /** Appends {@code report}'s results for {@code table} in one commit. */
  public static void append(JobContext context, TableId table, QualityReport report) {
    if (report.results().isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows =
        report.results().stream()
            .map(
                result ->
                    RowFactory.create(
                        context.runId(),
                        context.pipeline().name(),
                        table.toString(),
                        result.rule(),
                        result.kind(),
                        result.action().name().toLowerCase(Locale.ROOT),
                        result.rowsChecked(),
                        result.rowsFailed(),
                        result.passed(),
                        result.observed(),
                        Date.valueOf(context.runDate()),
                        now))
            .toList();
    context
        .lake()
        .append(SystemTable.QUALITY, context.lake().spark().createDataFrame(rows, SCHEMA));
  }
}
