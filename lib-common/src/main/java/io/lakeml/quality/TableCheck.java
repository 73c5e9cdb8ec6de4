package io.lakeml.quality;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A rule on the whole batch rather than a row: bounds on the row count, a maximum share of nulls in
 * a column, how recent the newest event is, or that the batch has one row per key.
 *
 * @param name the rule name
 * @param kind which measure it bounds
 * @param column the measured column (null ratio, freshness)
 * @param min the lowest accepted row count
 * @param max the highest accepted value: row count or null ratio
 * @param maxAge the oldest accepted newest event, relative to the end of the run date
 * @param action {@link Action#WARN} or {@link Action#FAIL}
 */
public record TableCheck(
    String name,
    Kind kind,
    Optional<String> column,
    Optional<Double> min,
    Optional<Double> max,
    Optional<Duration> maxAge,
    Action action) {

  /** The measures a table check can bound. */
  public enum Kind {
    ROW_COUNT,
    NULL_RATIO,
    FRESHNESS,
    UNIQUE_KEY
  }

  /** The actions a table check may take: rows cannot be set aside for a whole-batch rule. */
  public static final List<Action> ACTIONS = List.of(Action.WARN, Action.FAIL);
}
