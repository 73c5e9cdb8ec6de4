package io.lakeml.quality;

import io.lakeml.lake.TableId;
import io.lakeml.testing.TestSpark;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Tiny flight batches for the quality gate, with an event time in three types. */
final class Batches {
  /** id, origin, distance, dep (TIMESTAMP_NTZ), day (DATE), dep_utc (TIMESTAMP). */
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("origin", DataTypes.StringType)
          .add("distance", DataTypes.IntegerType)
          .add("dep", DataTypes.TimestampNTZType)
          .add("day", DataTypes.DateType)
          .add("dep_utc", DataTypes.TimestampType);

  /** No referenced tables. */
  static final Function<TableId, Dataset<Row>> NONE = table -> null;

  /** The end of run date 2024-01-11, as refine passes it. */
  static final LocalDateTime NOW = LocalDateTime.parse("2024-01-12T00:00");

  private Batches() {}

  static Row flight(Integer id, String origin, Integer distance) {
    return RowFactory.create(id, origin, distance, null, null, null);
  }

  /** A flight departing at {@code dep} ("2024-01-10T12:00", read as UTC for dep_utc), or null. */
  static Row timed(int id, Integer distance, String dep) {
    LocalDateTime time = dep == null ? null : LocalDateTime.parse(dep);
    return RowFactory.create(
        id,
        "SFO",
        distance,
        time,
        time == null ? null : time.toLocalDate(),
        time == null ? null : Instant.parse(dep + ":00Z"));
  }

  static Dataset<Row> rows(Row... rows) {
    return TestSpark.session().createDataFrame(Arrays.asList(rows), SCHEMA);
  }

  /** The report of {@code checks} alone on {@code batch}, keyed by {@code key}. */
  static QualityReport checked(Dataset<Row> batch, List<TableCheck> checks, List<String> key) {
    return QualityGate.measure(
        QualityGate.flag(batch, List.of(), NONE), List.of(), checks, key, NOW);
  }
}
