package io.lakeml.pipeline;

import static io.lakeml.config.ConfigFiles.load;
import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lakeml.lake.TableId;
import io.lakeml.quality.Action;
import io.lakeml.quality.Expectation;
import io.lakeml.quality.TableCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a silver table's expectations, checks, derived columns, CDC and SCD2 are read. */
class SilverRulesSpecTest {
  private static final String SOURCES =
      """
      name = demo
      sources {
        flights.schema = "id INT, origin STRING, distance INT, delay INT, date TIMESTAMP_NTZ"
        airports.schema = "iata STRING, country STRING"
        changes.schema = "id INT, op STRING"
      }
      """;

  private static final TableId AIRPORTS = TableId.parse("silver.airports");

  @TempDir Path dir;

  private PipelineSpec pipeline(String tables) {
    Path file = write(dir, "demo.conf", SOURCES + tables);
    return PipelineSpec.from(load(file), file);
  }

  private SilverTableSpec silver(PipelineSpec spec, String name) {
    return spec.silverTables().stream()
        .filter(table -> table.id().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** silver.flights with {@code body}, referencing silver.airports (declared after it). */
  private SilverTableSpec flights(String body) {
    return silver(
        pipeline(
            "tables.silver.flights {\n  key = [id]\n  schema = \"id INT, origin STRING, distance"
                + " INT, delay INT, date TIMESTAMP_NTZ\"\n"
                + body
                + "}\ntables.silver.airports.key = [iata]\n"),
        "flights");
  }

  @Test
  void expectationsInNameOrderWithDefaultActionDescriptionAndImplicitKeyPresent() {
    SilverTableSpec flights =
        flights(
            """
              expectations {
                positive_distance { expr = "distance > 0", action = quarantine
                                    description = "flown" }
                known_origin { references { column = origin, table = silver.airports, key = iata }
                               action = drop }
                us_origin { accepted-values { column = origin, values = [SFO, "O'H"] } }
                on_time { expr = "delay < 15", action = fail }
              }
            """);

    assertThat(flights.expectations())
        .containsExactly(
            new Expectation(
                "known_origin",
                "_ref_known_origin IS NOT NULL",
                Action.DROP,
                Optional.empty(),
                Optional.of(new Expectation.Reference("origin", AIRPORTS, "iata"))),
            Expectation.of("on_time", "delay < 15", Action.FAIL),
            new Expectation(
                "positive_distance",
                "distance > 0",
                Action.QUARANTINE,
                Optional.of("flown"),
                Optional.empty()),
            Expectation.of("us_origin", "`origin` IN ('SFO', 'O\\'H')", Action.WARN),
            Expectation.of("key_present", "`id` IS NOT NULL", Action.QUARANTINE));
    assertThat(flights.references()).containsExactly(AIRPORTS);
  }

  @Test
  void noExpectationsStillQuarantinesRowsWithoutTheirKey() {
    SilverTableSpec airports =
        silver(pipeline("tables.silver.airports.key = [iata, country]\n"), "airports");

    assertThat(airports.expectations())
        .containsExactly(
            Expectation.of(
                "key_present", "`iata` IS NOT NULL AND `country` IS NOT NULL", Action.QUARANTINE));
    assertThat(airports.checks()).isEmpty();
    assertThat(airports.references()).isEmpty();
  }

  @Test
  void aDeclaredKeyPresentRuleReplacesTheImplicitOne() {
    SilverTableSpec flights =
        flights("  expectations.key_present { expr = \"id > 0\", action = fail }\n");

    assertThat(flights.expectations())
        .containsExactly(Expectation.of("key_present", "id > 0", Action.FAIL));
  }

  @Test
  void checksOfEveryKindWithDefaultActionWarn() {
    SilverTableSpec flights =
        flights(
            """
              checks {
                some_rows { row-count { min = 1, max = 1000 }, action = fail }
                at_most { row-count.max = 5 }
                delay_recorded { null-ratio { column = delay, max = 0.01 } }
                recent { freshness { column = date, max-age = "2 days" } }
                hourly { freshness { column = date, max-age = 36h }, action = fail }
                one_per_key { unique-key = true }
              }
            """);

    assertThat(flights.checks())
        .containsExactly(
            check("at_most", TableCheck.Kind.ROW_COUNT, null, null, 5.0, null, Action.WARN),
            check(
                "delay_recorded",
                TableCheck.Kind.NULL_RATIO,
                "delay",
                null,
                0.01,
                null,
                Action.WARN),
            check(
                "hourly",
                TableCheck.Kind.FRESHNESS,
                "date",
                null,
                null,
                Duration.ofHours(36),
                Action.FAIL),
            check("one_per_key", TableCheck.Kind.UNIQUE_KEY, null, null, null, null, Action.WARN),
            check(
                "recent",
                TableCheck.Kind.FRESHNESS,
                "date",
                null,
                null,
                Duration.ofDays(2),
                Action.WARN),
            check("some_rows", TableCheck.Kind.ROW_COUNT, null, 1.0, 1000.0, null, Action.FAIL));
  }

  @Test
  void derivedColumnsPartitionAndMayBeNamedByRules() {
    SilverTableSpec flights =
        flights(
            """
              derived { day = "to_date(date)", late = "delay > 15" }
              partition-by = [day]
              expectations.dated { expr = "day IS NOT NULL AND NOT late" }
            """);

    assertThat(flights.derived())
        .containsExactly(Map.entry("day", "to_date(date)"), Map.entry("late", "delay > 15"));
    assertThat(flights.partitionBy()).containsExactly("day");
    assertThat(flights.expectations()).extracting(Expectation::name).contains("dated");
  }

  @Test
  void defaultsWithoutCdcOrScd2() {
    SilverTableSpec flights = flights("");

    assertThat(flights.cdc()).isEmpty();
    assertThat(flights.scd2()).isFalse();
    assertThat(flights.orderBy()).isEqualTo("_ingested_at");
    assertThat(flights.derived()).isEmpty();
    assertThat(flights.partitionBy()).isEmpty();
  }

  @Test
  void cdcOperationColumnAndDeleteValues() {
    SilverTableSpec changes =
        silver(
            pipeline(
                """
                tables.silver.changes {
                  key = [id]
                  cdc { operation-column = op, delete-values = [D, delete] }
                }
                """),
            "changes");

    assertThat(changes.cdc()).contains(new SilverTableSpec.Cdc("op", List.of("D", "delete")));
    assertThat(changes.scd2()).isFalse();
  }

  @Test
  void scd2KeepsHistory() {
    SilverTableSpec airports =
        silver(pipeline("tables.silver.airports { key = [iata], scd2 = true }\n"), "airports");

    assertThat(airports.scd2()).isTrue();
    assertThat(airports.cdc()).isEmpty();
  }

  @Test
  void aReferencedSilverTableComesFirstEvenWhenDeclaredAndNamedLater() {
    PipelineSpec spec =
        pipeline(
            """
            tables.silver {
              flights {
                key = [id]
                expectations.known { references { column = origin, table = silver.places, key = iata } }
              }
              changes.key = [id]
              places { source = bronze.airports, key = [iata] }
            }
            """);

    assertThat(spec.silverTables())
        .extracting(table -> table.id().toString())
        .containsExactly("silver.changes", "silver.places", "silver.flights");
  }

  @Test
  void theDemoPipelineDeclaresQuarantiningReferencesAndAFailingRowCount() {
    Path file = Path.of("../conf/pipelines/flights.conf");
    PipelineSpec spec = PipelineSpec.from(load(file), file);

    assertThat(spec.silverTables())
        .extracting(table -> table.id().toString())
        .containsExactly("silver.airports", "silver.flights");
    SilverTableSpec flights = silver(spec, "flights");
    assertThat(flights.references()).containsExactly(AIRPORTS);
    assertThat(flights.expectations())
        .extracting(Expectation::name, Expectation::action)
        .contains(
            tuple("known_origin", Action.QUARANTINE),
            tuple("has_date", Action.FAIL),
            tuple("key_present", Action.QUARANTINE));
    assertThat(flights.checks())
        .extracting(TableCheck::name, TableCheck::kind, TableCheck::action)
        .contains(tuple("some_flights", TableCheck.Kind.ROW_COUNT, Action.FAIL));
  }

  private static TableCheck check(
      String name,
      TableCheck.Kind kind,
      String column,
      Double min,
      Double max,
      Duration maxAge,
      Action action) {
    return new TableCheck(
        name,
        kind,
        Optional.ofNullable(column),
        Optional.ofNullable(min),
        Optional.ofNullable(max),
        Optional.ofNullable(maxAge),
        action);
  }
}
