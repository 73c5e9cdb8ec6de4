package io.lakeml.quality;

import static io.lakeml.quality.Batches.NOW;
import static io.lakeml.quality.Batches.checked;
import static io.lakeml.quality.Batches.flight;
import static io.lakeml.quality.Batches.rows;
import static io.lakeml.quality.Batches.timed;
import static io.lakeml.quality.Checks.freshness;
import static io.lakeml.quality.Checks.nullRatio;
import static io.lakeml.quality.Checks.rowCount;
import static io.lakeml.quality.Checks.uniqueKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Table checks measured on a batch by the gate, and judged on edge values. */
class TableChecksTest {
  @Test
  void eachKindPassesAndFailsOnItsBound() {
    Dataset<Row> batch =
        rows(
            timed(1, 100, "2024-01-10T12:00"),
            timed(2, null, "2024-01-09T08:00"),
            timed(3, 300, null));
    List<TableCheck> checks =
        List.of(
            rowCount("rows_ok", 3.0, 3.0, Action.FAIL),
            rowCount("too_few", 4.0, null, Action.WARN),
            rowCount("too_many", null, 2.0, Action.FAIL),
            nullRatio("nulls_ok", "distance", 0.34),
            nullRatio("nulls_high", "distance", 0.3),
            freshness("fresh_ntz", "dep", Duration.ofHours(36)),
            freshness("stale_ntz", "dep", Duration.ofHours(35)),
            freshness("fresh_date", "day", Duration.ofDays(2)),
            freshness("stale_date", "day", Duration.ofHours(47)),
            freshness("fresh_utc", "dep_utc", Duration.ofHours(36)),
            freshness("stale_utc", "dep_utc", Duration.ofHours(35)),
            uniqueKey("one_per_id", Action.WARN));

    QualityReport report = checked(batch, checks, List.of("id"));

    assertThat(report.results())
        .extracting(QualityResult::rule, QualityResult::kind, QualityResult::passed)
        .containsExactly(
            tuple("rows_ok", "row_count", true),
            tuple("too_few", "row_count", false),
            tuple("too_many", "row_count", false),
            tuple("nulls_ok", "null_ratio", true),
            tuple("nulls_high", "null_ratio", false),
            tuple("fresh_ntz", "freshness", true),
            tuple("stale_ntz", "freshness", false),
            tuple("fresh_date", "freshness", true),
            tuple("stale_date", "freshness", false),
            tuple("fresh_utc", "freshness", true),
            tuple("stale_utc", "freshness", false),
            tuple("one_per_id", "unique_key", true));
    assertThat(report.results())
        .extracting(QualityResult::observed)
        .contains(
            "3 rows",
            "null ratio 0.3333",
            "newest 2024-01-10T12:00, oldest accepted 2024-01-10T13:00",
            "newest 2024-01-10T00:00, oldest accepted 2024-01-10T01:00",
            "0 duplicate keys");
    QualityResult tooMany = report.results().get(2);
    assertThat(tooMany)
        .isEqualTo(new QualityResult("too_many", "row_count", Action.FAIL, 3, 1, false, "3 rows"));
    assertThat(report.failure()).contains(tooMany);
  }

  @Test
  void uniqueKeyCountsDuplicatesOfTheWholeKey() {
    List<TableCheck> checks = List.of(uniqueKey("one_per_key", Action.FAIL));
    List<String> key = List.of("id", "origin");
    Dataset<Row> distinct = rows(flight(1, "SFO", 1), flight(1, "LAX", 1), flight(2, "SFO", 1));

    QualityReport passed = checked(distinct, checks, key);
    QualityReport failed = checked(distinct.union(rows(flight(1, "SFO", 2))), checks, key);

    assertThat(passed.results())
        .containsExactly(
            new QualityResult(
                "one_per_key", "unique_key", Action.FAIL, 3, 0, true, "0 duplicate keys"));
    assertThat(passed.failure()).isEmpty();
    assertThat(failed.results())
        .containsExactly(
            new QualityResult(
                "one_per_key", "unique_key", Action.FAIL, 4, 1, false, "1 duplicate keys"));
    assertThat(failed.failure()).contains(failed.results().get(0));
  }

  @Test
  void anEmptyBatchFailsAMinimumRowCountAndFreshnessOnly() {
    List<TableCheck> checks =
        List.of(
            rowCount("some", 1.0, null, Action.FAIL),
            nullRatio("nulls", "distance", 0.0),
            freshness("fresh", "dep", Duration.ofDays(1)),
            uniqueKey("unique", Action.WARN));

    QualityReport report = checked(rows(), checks, List.of("id"));

    assertThat(report.rows()).isZero();
    assertThat(report.dropped()).isZero();
    assertThat(report.quarantined()).isZero();
    assertThat(report.results())
        .extracting(QualityResult::rule, QualityResult::passed, QualityResult::observed)
        .containsExactly(
            tuple("some", false, "0 rows"),
            tuple("nulls", true, "null ratio 0.0000"),
            tuple("fresh", false, "newest null, oldest accepted 2024-01-11T00:00"),
            tuple("unique", true, "0 duplicate keys"));
    assertThat(report.failure()).map(QualityResult::rule).contains("some");
  }

  @Test
  void freshnessFailsWhenEveryEventTimeIsNull() {
    QualityResult result =
        TableChecks.judge(freshness("fresh", "dep", Duration.ofDays(365)), 2, null, NOW);

    assertThat(result)
        .isEqualTo(
            new QualityResult(
                "fresh",
                "freshness",
                Action.WARN,
                2,
                1,
                false,
                "newest null, oldest accepted 2023-01-12T00:00"));
  }

  @Test
  void freshnessAcceptsTheOldestAcceptedInstantItself() {
    TableCheck check = freshness("fresh", "dep", Duration.ofHours(12));

    assertThat(TableChecks.judge(check, 1, LocalDateTime.parse("2024-01-11T12:00"), NOW).passed())
        .isTrue();
    assertThat(
            TableChecks.judge(check, 1, LocalDateTime.parse("2024-01-11T11:59:59"), NOW).passed())
        .isFalse();
  }

  @Test
  void nullRatioOfZeroRowsIsZeroAndOfAllNullsIsOne() {
    TableCheck none = nullRatio("nulls", "distance", 0.0);
    TableCheck all = nullRatio("nulls", "distance", 0.99);

    assertThat(TableChecks.judge(none, 0, null, NOW).passed()).isTrue();
    assertThat(TableChecks.judge(all, 4, 4L, NOW))
        .isEqualTo(
            new QualityResult(
                "nulls", "null_ratio", Action.WARN, 4, 1, false, "null ratio 1.0000"));
  }

  /** BUG: TableChecks formats the ratio with the JVM's default locale ("0,2500" in Germany). */
  @Test
  void observedNullRatioDoesNotDependOnTheDefaultLocale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(TableChecks.judge(nullRatio("nulls", "distance", 0.5), 4, 1L, NOW).observed())
          .isEqualTo("null ratio 0.2500");
    } finally {
      Locale.setDefault(previous);
    }
  }
}
