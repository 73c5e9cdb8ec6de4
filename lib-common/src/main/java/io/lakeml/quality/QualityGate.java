package io.lakeml.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.lake.TableId;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Evaluates a table's rules on a batch in one pass: every row gets the list of rules it broke and
 * the strongest action among them; one aggregation then measures every rule and table check.
 */
public final class QualityGate {
  /** ARRAY&lt;STRING&gt;: the rules a row broke, empty when none. */
  public static final String FAILED_RULES = "_failed_rules";

  /** STRING: the strongest action among the broken rules, null when none. */
  public static final String OUTCOME = "_outcome";

  private QualityGate() {}

  /**
   * {@code rows} with {@link #FAILED_RULES} and {@link #OUTCOME}; {@code referenced} gives the
   * current rows of a table named by a reference rule (its key set is broadcast-joined).
   */
  public static Dataset<Row> flag(
      Dataset<Row> rows, List<Expectation> rules, Function<TableId, Dataset<Row>> referenced) {
    Dataset<Row> joined = rows;
    List<String> flags = new ArrayList<>();
    for (Expectation rule : rules) {
      if (rule.reference().isPresent()) {
        Expectation.Reference reference = rule.reference().get();
        String flag = reference.flag(rule.name());
        Dataset<Row> keys =
            referenced.apply(reference.table()).select(col(reference.key()).as(flag)).distinct();
        joined =
            joined.join(
                broadcast(keys), joined.col(reference.column()).equalTo(keys.col(flag)), "left");
        flags.add(flag);
      }
    }
    Column[] broken =
        rules.stream()
            .map(rule -> when(not(coalesce(expr(rule.expression()), lit(false))), lit(rule.name())))
            .toArray(Column[]::new);
    Column failed =
        broken.length == 0 ? array().cast("array<string>") : array_compact(array(broken));
    Dataset<Row> flagged = joined.withColumn(FAILED_RULES, failed);
    Column outcome = lit(null).cast(DataTypes.StringType);
    for (Action action : Action.values()) { // weakest first, so the strongest wins
      Column names = array(names(rules, action));
      if (rules.stream().anyMatch(rule -> rule.action() == action)) {
        outcome =
            when(arrays_overlap(col(FAILED_RULES), names), lit(action.name())).otherwise(outcome);
      }
    }
    return flagged.withColumn(OUTCOME, outcome).drop(flags.toArray(String[]::new));
  }

  /** Rows whose outcome is {@code action}. */
  public static Dataset<Row> withOutcome(Dataset<Row> flagged, Action action) {
    return flagged.where(col(OUTCOME).equalTo(action.name()));
  }

  /** Rows that go on to silver: no broken rule, or only warnings. */
  public static Dataset<Row> kept(Dataset<Row> flagged) {
    return flagged.where(col(OUTCOME).isNull().or(col(OUTCOME).equalTo(Action.WARN.name())));
  }

  /**
   * Every rule's result on the flagged batch and the rows per outcome, from one aggregation.
   * Freshness is measured against {@code now}, the end of the run date.
   */
  public static QualityReport measure(
      Dataset<Row> flagged,
      List<Expectation> rules,
      List<TableCheck> checks,
      List<String> key,
      LocalDateTime now) {
    List<Column> measures = new ArrayList<>();
    measures.add(count(lit(1)));
    measures.add(sum(when(col(OUTCOME).equalTo(Action.DROP.name()), 1).otherwise(0)));
    measures.add(sum(when(col(OUTCOME).equalTo(Action.QUARANTINE.name()), 1).otherwise(0)));
    for (Expectation rule : rules) {
      measures.add(sum(when(array_contains(col(FAILED_RULES), rule.name()), 1).otherwise(0)));
    }
    for (TableCheck check : checks) {
      measures.add(measure(check, key));
    }
    Row row =
        flagged
            .agg(measures.get(0), measures.subList(1, measures.size()).toArray(Column[]::new))
            .first();
    long total = row.getLong(0);
    List<QualityResult> results = new ArrayList<>();
    int index = 3;
    for (Expectation rule : rules) {
      long failed = longAt(row, index++);
      results.add(
          new QualityResult(rule.name(), "row", rule.action(), total, failed, failed == 0, ""));
    }
    for (TableCheck check : checks) {
      results.add(TableChecks.judge(check, total, row.get(index++), now));
    }
    return new QualityReport(results, total, longAt(row, 1), longAt(row, 2));
  }

  private static long longAt(Row row, int index) {
    return row.isNullAt(index) ? 0 : row.getLong(index);
  }

  private static Column measure(TableCheck check, List<String> key) {
    return switch (check.kind()) {
      case ROW_COUNT -> count(lit(1));
      case NULL_RATIO -> sum(when(col(check.column().orElseThrow()).isNull(), 1).otherwise(0));
      case FRESHNESS -> max(col(check.column().orElseThrow()).cast(DataTypes.TimestampNTZType));
      case UNIQUE_KEY ->
          countDistinct(struct(key.stream().map(k -> col(k)).toArray(Column[]::new)));
    };
  }

  private static Column[] names(List<Expectation> rules, Action action) {
    return rules.stream()
        .filter(rule -> rule.action() == action)
        .map(rule -> lit(rule.name()))
        .toArray(Column[]::new);
  }
}
