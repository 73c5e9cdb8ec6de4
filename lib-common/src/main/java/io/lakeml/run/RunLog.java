package io.lakeml.run;

import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.SystemTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a stage and appends exactly one row to {@code _lakeml/runs} for it, whether it succeeds or
 * fails: run id, stage, pipeline, run date, status, rows in and out, table versions, timings and
 * the error message.
 */
public final class RunLog {
  /** The schema of {@code _lakeml/runs}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("pipeline", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("run_date", DataTypes.DateType, false)
          .add("status", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("duration_ms", DataTypes.LongType, false)
          .add("rows_in", DataTypes.LongType, false)
          .add("rows_out", DataTypes.LongType, false)
          .add(
              "table_versions",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
              false)
          .add("details", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("error", DataTypes.StringType)
          .add("lakeml_version", DataTypes.StringType);

  private RunLog() {}

  /**
   * Runs {@code stage} and records it. A failure is recorded, then rethrown as a {@link
   * LakeException} naming the stage.
   */
  public static StageResult record(JobContext context, String stage, Supplier<StageResult> body) {
    Instant started = Instant.now();
    StageResult result;
    try {
      result = body.get();
    } catch (Exception e) { // Spark's Scala code throws checked exceptions undeclared.
      LakeException error =
          e instanceof LakeException lake
              ? lake
              : LakeErrors.stageFailed(stage, context.pipeline().name(), e);
      append(context, stage, started, "FAILED", 0, 0, List.of(), Map.of(), error.getMessage());
      throw error;
    }
    append(
        context,
        stage,
        started,
        "SUCCEEDED",
        result.rowsIn(),
        result.rowsOut(),
        result.writes(),
        result.details(),
        null);
    return result;
  }

  private static void append(
      JobContext context,
      String stage,
      Instant started,
      String status,
      long rowsIn,
      long rowsOut,
      List<TableWrite> writes,
      Map<String, String> details,
      String error) {
    Map<String, Long> versions = new LinkedHashMap<>();
    writes.forEach(write -> versions.put(write.table().toString(), write.version()));
    Row row =
        RowFactory.create(
            context.runId(),
            context.pipeline().name(),
            stage,
            Date.valueOf(context.runDate()),
            status,
            Timestamp.from(started),
            Duration.between(started, Instant.now()).toMillis(),
            rowsIn,
            rowsOut,
            versions,
            details,
            error,
            context.codeVersion());
    Lake lake = context.lake();
    lake.append(SystemTable.RUNS, lake.spark().createDataFrame(List.of(row), SCHEMA));
  }
}
