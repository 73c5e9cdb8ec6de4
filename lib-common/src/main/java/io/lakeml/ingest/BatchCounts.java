package io.lakeml.ingest;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts a batch's records, rejected and rescued, while its bronze write reads them: {@link #kept}
 * is the write's filter on rejected records, and adds to three accumulators on the way.
 *
 * <p>Not {@code Dataset.observe}: Spark's {@code CollectMetrics} has no generated code, so it split
 * the write's generated code in two and copied every row once more, about a tenth of a full ingest.
 * A filter runs inside the generated code. The totals are as exact as an observation's, which is an
 * accumulator too: Spark merges a task's updates only when the task succeeds, and once per
 * partition of the write.
 */
final class BatchCounts implements UDF2<Boolean, Boolean, Boolean> {
  private static final long serialVersionUID = 1L;
  private static final String KEEP = "_lakeml_keep";

  private final LongAccumulator records;
  private final LongAccumulator rejected;
  private final LongAccumulator rescued;

  /** New counters, registered with {@code spark} under names starting with {@code name}. */
  BatchCounts(SparkContext spark, String name) {
    records = spark.longAccumulator(name + ".records");
    rejected = spark.longAccumulator(name + ".rejected");
    rescued = spark.longAccumulator(name + ".rescued");
  }

  /**
   * The rows of {@code rows} that are not rejected, counted as the write reads them. The count is a
   * column of its own, nondeterministic so that Spark runs it exactly once per row and never moves
   * it: as a filter condition it would be pushed below the typing, inlining the typing's
   * expressions into one method too large for the JIT to compile (twice as slow).
   */
  Dataset<Row> kept(Dataset<Row> rows, Column isRejected, Column isRescued) {
    Column counted =
        functions
            .udf(this, DataTypes.BooleanType)
            .asNondeterministic()
            .apply(isRejected, isRescued);
    return rows.withColumn(KEEP, counted).where(functions.col(KEEP)).drop(KEEP);
  }

  @Override
  public Boolean call(Boolean isRejected, Boolean isRescued) {
    records.add(1);
    if (isRejected) {
      rejected.add(1);
      return false;
    }
    if (isRescued) {
      rescued.add(1);
    }
    return true;
  }

  /** Records read; final once the write has run. */
  long records() {
    return records.value();
  }

  /** Records rejected. */
  long rejected() {
    return rejected.value();
  }

  /** Records kept, with rescued data. */
  long rescued() {
    return rescued.value();
  }
}
