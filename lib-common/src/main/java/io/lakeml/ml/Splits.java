package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import io.lakeml.pipeline.SplitSpec;
import java.time.LocalDateTime;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Splits a model's rows into training and test rows as its {@link SplitSpec} declares. */
public final class Splits {
  private Splits() {}

  /**
   * At most {@code max} of {@code rows}, which hold {@code count} rows: a seeded sample when they
   * hold more, else {@code rows} themselves; {@code max} 0 means no limit.
   */
  public static Dataset<Row> atMost(Dataset<Row> rows, long count, long max, long seed) {
    return max > 0 && count > max ? rows.sample(false, (double) max / count, seed) : rows;
  }

  /**
   * The training and test rows of {@code rows}. A time split keeps rows before {@code train-before}
   * for training and rows from {@code test-from} for testing; without bounds, the latest {@code
   * test-fraction} of rows by time are the test rows.
   */
  public static TrainTest split(Dataset<Row> rows, SplitSpec split) {
    if (split.kind() == SplitSpec.Kind.RANDOM) {
      Dataset<Row>[] parts =
          rows.randomSplit(
              new double[] {1 - split.testFraction(), split.testFraction()}, split.seed());
      return new TrainTest(parts[0], parts[1]);
    }
    String column = split.timeColumn().orElseThrow();
    Column time = col(column).cast("timestamp_ntz");
    if (split.trainBefore().isPresent()) {
      LocalDateTime trainBefore = split.trainBefore().get();
      LocalDateTime testFrom = split.testFrom().orElse(trainBefore);
      return new TrainTest(
          rows.where(time.lt(lit(trainBefore))), rows.where(time.geq(lit(testFrom))));
    }
    Column micros = unix_micros(col(column).cast("timestamp"));
    double boundary =
        rows.select(micros.cast("double").as("t"))
            .stat()
            .approxQuantile("t", new double[] {1 - split.testFraction()}, 0.001)[0];
    return new TrainTest(
        rows.where(micros.lt(lit((long) boundary))), rows.where(micros.geq(lit((long) boundary))));
  }

  /**
   * Training and test rows.
   *
   * @param train rows the model is fitted on
   * @param test rows it is evaluated on once
   */
  public record TrainTest(Dataset<Row> train, Dataset<Row> test) {}
}
