package io.lakeml.quality;

import java.time.Duration;
import java.util.Optional;

/** Test builders of table checks, one per kind. */
final class Checks {
  private Checks() {}

  static TableCheck rowCount(String name, Double min, Double max, Action action) {
    return new TableCheck(
        name,
        TableCheck.Kind.ROW_COUNT,
        Optional.empty(),
        Optional.ofNullable(min),
        Optional.ofNullable(max),
        Optional.empty(),
        action);
  }

  static TableCheck nullRatio(String name, String column, double max) {
    return new TableCheck(
        name,
        TableCheck.Kind.NULL_RATIO,
        Optional.of(column),
        Optional.empty(),
        Optional.of(max),
        Optional.empty(),
        Action.WARN);
  }

  static TableCheck freshness(String name, String column, Duration maxAge) {
    return new TableCheck(
        name,
        TableCheck.Kind.FRESHNESS,
        Optional.of(column),
        Optional.empty(),
        Optional.empty(),
        Optional.of(maxAge),
        Action.WARN);
  }

  static TableCheck uniqueKey(String name, Action action) {
    return new TableCheck(
        name,
        TableCheck.Kind.UNIQUE_KEY,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        action);
  }
}
