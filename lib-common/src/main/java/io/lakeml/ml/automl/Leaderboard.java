package io.lakeml.ml.automl;

import static org.apache.spark.sql.functions.col;

import io.lakeml.delta.Lake;
import io.lakeml.lake.SystemTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The leaderboard, {@code _lakeml/leaderboard} ({@code lakeml.leaderboard}): every trial of every
 * model version with its validation score and fit time. A version's rows are written in one commit
 * that replaces any rows of that version, so a retried train leaves no duplicates.
 */
public final class Leaderboard {
  /** The schema of {@code _lakeml/leaderboard}. */
  public static final StructType SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("version", DataTypes.IntegerType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("candidate", DataTypes.StringType, false)
          .add("params", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("fit_seconds", DataTypes.DoubleType, false)
          .add("created_at", DataTypes.TimestampType, false);

  private Leaderboard() {}

  /** Writes the entries of {@code version} of {@code model}, replacing earlier ones. */
  public static void write(
      Lake lake, String model, int version, String runId, List<LeaderboardEntry> entries) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (LeaderboardEntry entry : entries) {
      rows.add(
          RowFactory.create(
              model,
              version,
              runId,
              entry.rank(),
              entry.trial().algorithm().toString(),
              entry.trial().paramsJson(),
              entry.metric(),
              entry.score(),
              entry.fitSeconds(),
              now));
    }
    lake.replace(
        SystemTable.LEADERBOARD,
        lake.spark().createDataFrame(rows, SCHEMA),
        String.format(
            Locale.ROOT, "model = '%s' AND version = %d", model.replace("'", "''"), version));
  }

  /** The rows of {@code version} of {@code model}, best first; empty when none were written. */
  public static List<Row> read(Lake lake, String model, int version) {
    return lake.read(SystemTable.LEADERBOARD)
        .map(
            rows ->
                rows.where(col("model").equalTo(model).and(col("version").equalTo(version)))
                    .orderBy("rank")
                    .collectAsList())
        .orElse(List.of());
  }

  /** A short table of the best {@code limit} entries, one line each, for the train summary. */
  public static List<String> format(List<LeaderboardEntry> entries, int limit) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-4s %-20s %9s %8s  %s",
            "rank",
            "candidate",
            "score",
            "fit s",
            "params"));
    entries.stream()
        .limit(limit)
        .forEach(
            entry ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "%-4d %-20s %9.4f %8.1f  %s",
                        entry.rank(),
                        entry.trial().algorithm(),
                        entry.score(),
                        entry.fitSeconds(),
                        entry.trial().paramsJson())));
    return lines;
  }
}
