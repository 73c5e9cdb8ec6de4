package io.lakeml.pipeline;

import static io.lakeml.config.ConfigFiles.at;
import static io.lakeml.config.ConfigFiles.load;
import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each invalid silver rule is rejected before Spark runs, naming the file and line, the full key
 * (down to the rule), what was expected and what was found.
 */
class SilverRulesSpecErrorsTest {
  /** Lines 1-5. */
  private static final String SOURCES =
      """
      name = demo
      sources {
        flights.schema = "id INT, origin STRING, distance INT, op STRING"
        airports.schema = "iata STRING"
      }
      """;

  /** Lines 1-9: silver.airports, and silver.flights open; each test's body starts at line 10. */
  private static final String HEAD =
      SOURCES
          + """
          tables.silver.airports.key = [iata]
          tables.silver.flights {
            key = [id]
            schema = "id INT, origin STRING, distance INT, op STRING"
          """;

  private static final String KNOWN =
      "[id, origin, distance, op, _source_file, _ingested_at, _file_modified_at]";

  @TempDir Path dir;
  private Path file;

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String text) {
    file = write(dir, "demo.conf", text);
    return assertThatThrownBy(() -> PipelineSpec.from(load(file), file))
        .isInstanceOf(LakeException.class)
        .satisfies(
            error ->
                assertThat(((LakeException) error).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
  }

  /** silver.flights with {@code body} from line 10. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertFlightsRejected(String body) {
    return assertRejected(HEAD + body + "}\n");
  }

  private static final String RULE = ": tables.silver.flights.expectations.";
  private static final String CHECK = ": tables.silver.flights.checks.";
  private static final String CONDITION = ": expected a Spark SQL boolean condition over the table";

  @Test
  void expectationNamingAnUnknownColumnListsTheKnownOnes() {
    assertFlightsRejected("  expectations.near { expr = \"miles < 500 AND distance > 0\" }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "near.expr"
                + CONDITION
                + ", got \"miles < 500 AND distance > 0\" (unknown column(s) [miles]; known columns"
                + " are "
                + KNOWN
                + ")");
  }

  @Test
  void acceptedValuesOfAnUnknownColumn() {
    assertFlightsRejected(
            "  expectations.us { accepted-values { column = country, values = [USA] } }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "us.accepted-values"
                + CONDITION
                + ", got \"`country` IN ('USA')\" (unknown column(s) [country]; known columns are "
                + KNOWN
                + ")");
  }

  @Test
  void expressionThatIsNotBoolean() {
    assertFlightsRejected("  expectations.far { expr = \"distance + 1\", action = drop }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "far.expr"
                + CONDITION
                + ", got \"distance + 1\" (not a boolean condition: Add)");
  }

  @Test
  void nonBooleanColumnAsTheWholeCondition() {
    assertFlightsRejected("  expectations.has_origin { expr = origin }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "has_origin.expr"
                + CONDITION
                + ", got \"origin\" (not a boolean condition: UnresolvedAttribute)");
  }

  @Test
  void expressionThatDoesNotParse() {
    assertFlightsRejected("  expectations.far { expr = \"distance >\" }\n")
        .hasMessageStartingWith(
            at(file, 10)
                + RULE
                + "far.expr"
                + CONDITION
                + ", got \"distance >\" ([PARSE_SYNTAX_ERROR] Syntax error at or near end of"
                + " input.");
  }

  @Test
  void twoFormsInOneRule() {
    assertFlightsRejected(
            "  expectations {\n"
                + "    known { expr = \"origin IS NOT NULL\"\n"
                + "            references { column = origin, table = silver.airports, key = iata }"
                + " }\n"
                + "  }\n")
        .hasMessage(
            at(file, 11)
                + RULE
                + "known: expected exactly one of expr, references, accepted-values, got expr,"
                + " references");
  }

  @Test
  void ruleWithoutAForm() {
    assertFlightsRejected("  expectations.empty { action = drop }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "empty: expected exactly one of expr, references, accepted-values, got none");
  }

  @Test
  void unknownAction() {
    assertFlightsRejected("  expectations.far { expr = \"distance > 0\", action = skip }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "far.action: expected one of warn, drop, quarantine, fail, got STRING \"skip\"");
  }

  /**
   * BUG: the message names only {@code tables.silver.flights.expectations}, not the rule; see
   * PipelineSpec.checkReferences.
   */
  @Test
  void referenceToAnUndeclaredSilverTableNamesTheRule() {
    assertFlightsRejected(
            "  expectations.known { references { column = origin, table = silver.places, key ="
                + " iata } }\n")
        .hasMessageStartingWith(at(file, 10) + RULE + "known.references.table: ")
        .hasMessageEndingWith(
            "expected a table the pipeline declares ([silver.airports, silver.flights]), got"
                + " silver.places");
  }

  @Test
  void referenceToABronzeTable() {
    assertFlightsRejected(
            "  expectations.known { references { column = origin, table = bronze.airports, key ="
                + " iata } }\n")
        .hasMessage(
            at(file, 10)
                + RULE
                + "known.references.table: expected a silver table id, got STRING"
                + " \"bronze.airports\" (references must name a silver table)");
  }

  @Test
  void checkThatQuarantines() {
    assertFlightsRejected("  checks.some { row-count.min = 1, action = quarantine }\n")
        .hasMessage(
            at(file, 10)
                + CHECK
                + "some.action: expected warn or fail for a table check, got"
                + " quarantine");
  }

  @Test
  void checkOfTwoKinds() {
    assertFlightsRejected("  checks {\n    some { row-count.min = 1, unique-key = true }\n  }\n")
        .hasMessage(
            at(file, 11)
                + CHECK
                + "some: expected exactly one of row-count, null-ratio, freshness, unique-key, got"
                + " row-count, unique-key");
  }

  @Test
  void nullRatioAboveOne() {
    assertFlightsRejected("  checks.nulls { null-ratio { column = distance, max = 1.5 } }\n")
        .hasMessage(
            at(file, 10)
                + CHECK
                + "nulls.null-ratio.max: expected a number from 0.0 to 1.0, got NUMBER 1.5");
  }

  @Test
  void negativeRowCount() {
    assertFlightsRejected("  checks.some { row-count.min = -1 }\n")
        .hasMessage(
            at(file, 10)
                + CHECK
                + "some.row-count.min: expected a number from 0.0 to 1.7976931348623157E308, got"
                + " NUMBER -1");
  }

  @Test
  void freshnessWithABadDuration() {
    assertFlightsRejected(
            "  checks.recent { freshness { column = distance, max-age = \"2 fortnights\" } }\n")
        .hasMessage(
            at(file, 10)
                + CHECK
                + "recent.freshness.max-age: expected a duration like \"2 days\", got STRING \"2"
                + " fortnights\"");
  }

  /** BUG: a check's column is not checked against the declared schema (refine fails later). */
  @Test
  void nullRatioOfAnUnknownColumn() {
    assertFlightsRejected("  checks.nulls { null-ratio { column = miles, max = 0.1 } }\n")
        .hasMessageStartingWith(at(file, 10) + CHECK + "nulls.null-ratio.column: expected ")
        .hasMessageEndingWith("got column 'miles'");
  }

  @Test
  void scd2TogetherWithCdc() {
    assertFlightsRejected("  cdc { operation-column = op, delete-values = [D] }\n  scd2 = true\n")
        .hasMessage(
            at(file, 11)
                + ": tables.silver.flights.scd2: expected scd2 = false when cdc is declared, got"
                + " true");
  }

  /** BUG: the operation column is not checked against the declared schema (MERGE fails later). */
  @Test
  void derivedExpressionThatDoesNotParse() {
    assertFlightsRejected("  derived { day = \"to_date(\" }\n")
        .hasMessageStartingWith(
            at(file, 10)
                + ": tables.silver.flights.derived.day: expected a Spark SQL expression over the"
                + " declared columns, got \"to_date(\" ([PARSE_SYNTAX_ERROR] Syntax error");
  }

  @Test
  void derivedExpressionNamingAnUnknownColumn() {
    assertFlightsRejected("  derived { day = \"to_date(date)\" }\n")
        .hasMessage(
            at(file, 10)
                + ": tables.silver.flights.derived.day: expected a Spark SQL expression over the"
                + " declared columns, got \"to_date(date)\" (unknown column(s) [date]; known"
                + " columns are [id, origin, distance, op, day, _source_file, _ingested_at,"
                + " _file_modified_at])");
  }

  @Test
  void partitionColumnNeitherDeclaredNorDerived() {
    assertFlightsRejected("  partition-by = [day]\n")
        .hasMessage(
            at(file, 10)
                + ": tables.silver.flights.partition-by: expected columns of the declared schema"
                + " or derived columns "
                + KNOWN
                + ", got column 'day'");
  }

  /** BUG: order-by is not checked against the declared schema (the dedup fails later). */
  @Test
  void orderByOutsideTheDeclaredSchema() {
    assertFlightsRejected("  order-by = updated_at\n")
        .hasMessageStartingWith(at(file, 10) + ": tables.silver.flights.order-by: expected ")
        .hasMessageEndingWith("got column 'updated_at'");
  }

  @Test
  void silverTablesReferencingEachOther() {
    assertRejected(
            SOURCES
                + """
                tables.silver {
                  a { source = bronze.flights, key = [id]
                      expectations.to_b.references { column = id, table = silver.b, key = id } }
                  b { source = bronze.flights, key = [id]
                      expectations.to_a.references { column = id, table = silver.a, key = id } }
                }
                """)
        .hasMessage(
            at(file, 6)
                + ": tables.silver: expected tables without circular references, got a cycle"
                + " among [silver.a, silver.b]");
  }
}
