package io.lakeml.quality;

import java.time.LocalDateTime;
import java.util.Locale;

/** Turns a table check's measured value into its result. */
final class TableChecks {
  private TableChecks() {}

  static QualityResult judge(TableCheck check, long rows, Object measured, LocalDateTime now) {
    boolean passed;
    String observed;
    switch (check.kind()) {
      case ROW_COUNT -> {
        passed = within(check, rows);
        observed = rows + " rows";
      }
      case NULL_RATIO -> {
        double ratio = rows == 0 ? 0 : ((Number) measured).doubleValue() / rows;
        passed = within(check, ratio);
        observed = String.format(Locale.ROOT, "null ratio %.4f", ratio);
      }
      case FRESHNESS -> {
        LocalDateTime newest = (LocalDateTime) measured;
        LocalDateTime oldestAccepted = now.minus(check.maxAge().orElseThrow());
        passed = newest != null && !newest.isBefore(oldestAccepted);
        observed = "newest " + newest + ", oldest accepted " + oldestAccepted;
      }
      case UNIQUE_KEY -> {
        long distinct = ((Number) measured).longValue();
        passed = distinct == rows;
        observed = (rows - distinct) + " duplicate keys";
      }
      default -> throw new IllegalStateException("Unknown check kind " + check.kind());
    }
    return new QualityResult(
        check.name(),
        check.kind().name().toLowerCase(Locale.ROOT),
        check.action(),
        rows,
        passed ? 0 : 1,
        passed,
        observed);
  }

  private static boolean within(TableCheck check, double value) {
    return check.min().map(min -> value >= min).orElse(true)
        && check.max().map(max -> value <= max).orElse(true);
  }
}
