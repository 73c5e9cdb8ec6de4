package io.lakeml.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.LakeException;
import io.lakeml.lake.TableId;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.junit.jupiter.api.Test;

class SqlTablesTest {
  private static TableId id(String text) {
    return TableId.parse(text);
  }

  @Test
  void findsJoinedTables() {
    String sql =
        """
        SELECT f.date, o.state
        FROM silver.flights f
        JOIN silver.airports o ON f.origin = o.iata
        LEFT JOIN gold.routes r ON r.origin = f.origin
        """;

    assertThat(SqlTables.read(sql))
        .containsExactlyInAnyOrder(id("silver.flights"), id("silver.airports"), id("gold.routes"));
  }

  @Test
  void findsEachTableOnceThoughReadTwice() {
    String sql =
        "SELECT * FROM silver.flights f JOIN silver.airports o ON f.origin = o.iata"
            + " JOIN silver.airports d ON f.destination = d.iata";

    assertThat(SqlTables.read(sql)).hasSize(2);
  }

  @Test
  void findsTablesInInExistsAndScalarSubqueries() {
    String sql =
        """
        SELECT * FROM silver.flights f
        WHERE f.origin IN (SELECT iata FROM silver.airports)
          AND EXISTS (SELECT 1 FROM gold.routes r WHERE r.origin = f.origin)
          AND f.delay > (SELECT avg(delay) FROM gold.delays)
        """;

    assertThat(SqlTables.read(sql))
        .containsExactlyInAnyOrder(
            id("silver.flights"), id("silver.airports"), id("gold.routes"), id("gold.delays"));
  }

  @Test
  void findsTablesInSelectListSubqueriesAndDerivedTables() {
    String sql =
        "SELECT (SELECT count(*) FROM silver.airports) AS airports, t.n"
            + " FROM (SELECT count(*) AS n FROM silver.flights) t";

    assertThat(SqlTables.read(sql))
        .containsExactlyInAnyOrder(id("silver.airports"), id("silver.flights"));
  }

  @Test
  void findsTablesOfEveryUnionBranch() {
    assertThat(SqlTables.read("SELECT id FROM silver.a UNION ALL SELECT id FROM gold.b"))
        .containsExactlyInAnyOrder(id("silver.a"), id("gold.b"));
  }

  @Test
  void ignoresCteNames() {
    String sql =
        """
        WITH numbers AS (SELECT explode(sequence(1, 3)) AS n)
        SELECT * FROM numbers JOIN silver.flights ON true
        """;

    assertThat(SqlTables.read(sql)).containsExactly(id("silver.flights"));
  }

  @Test
  void findsTablesInCteBodies() {
    String sql =
        """
        WITH recent AS (SELECT * FROM silver.flights),
             busy AS (SELECT r.* FROM recent r JOIN gold.routes g ON r.origin = g.origin)
        SELECT * FROM busy
        """;

    assertThat(SqlTables.read(sql))
        .containsExactlyInAnyOrder(id("silver.flights"), id("gold.routes"));
  }

  @Test
  void layerAndTableNamesAreCaseInsensitive() {
    assertThat(SqlTables.read("SELECT * FROM SILVER.Flights JOIN Gold.`Routes` ON true"))
        .containsExactlyInAnyOrder(id("silver.flights"), id("gold.routes"));
  }

  @Test
  void ignoresNamesOutsideTheLake() {
    String sql =
        "SELECT * FROM delta.`/tmp/table` JOIN default.t ON true JOIN lakeml.runs ON true"
            + " JOIN plain ON true JOIN bronze.events ON true";

    assertThat(SqlTables.read(sql)).containsExactly(id("bronze.events"));
  }

  @Test
  void queryWithoutTablesReadsNothing() {
    assertThat(SqlTables.read("SELECT 1 AS one")).isEmpty();
  }

  @Test
  void lakeNameThatIsNotSnakeCaseIsRejected() {
    assertThatThrownBy(() -> SqlTables.read("SELECT * FROM silver.`flight data`"))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            "Invalid table id 'silver.flight data': name 'flight data' is not snake_case");
  }

  @Test
  void parseErrorIsAnIllegalArgumentCarryingTheParserError() {
    assertThatThrownBy(() -> SqlTables.read("SELEC date FROM silver.flights"))
        .isInstanceOf(IllegalArgumentException.class)
        .cause()
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'");
  }

  @Test
  void parseErrorMessageIsTheParsersFirstLine() {
    assertThatThrownBy(() -> SqlTables.read("SELEC date FROM silver.flights"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)");
  }
}
