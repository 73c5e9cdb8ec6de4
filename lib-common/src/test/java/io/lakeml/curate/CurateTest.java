package io.lakeml.curate;

import static io.lakeml.testing.Flights.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.GoldTableSpec;
import io.lakeml.pipeline.SqlTables;
import io.lakeml.testing.Flights;
import io.lakeml.testing.TestLakes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CurateTest {
  private static final Lineage ANY = new Lineage(Map.of(), "test");

  private Lake lake;
  private TableId flights;
  private TableId airports;
  private TableId delays;

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("curate");
    flights = TestLakes.uniqueTable(Layer.SILVER, "flights");
    airports = TestLakes.uniqueTable(Layer.SILVER, "airports");
    delays = TestLakes.uniqueTable(Layer.GOLD, "delays");
  }

  @Test
  void lineageHasTheCurrentVersionOfEachInput() {
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), ANY);
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 6, 2L)), List.of(), ANY);
    lake.overwrite(airports, Flights.rows(row("AA1", "SFO", 0, 1L)), List.of(), ANY);

    Lineage lineage = Curate.lineage(lake, spec("SELECT * FROM " + flights + ", " + airports));

    assertThat(lineage.inputs())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(flights.toString(), 1L, airports.toString(), 0L));
  }

  @Test
  void lineageDigestChangesWithTheSqlOrThePartitionsOnly() {
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), ANY);
    String sql = "SELECT flight_id FROM " + flights;

    Lineage lineage = Curate.lineage(lake, spec(sql));

    assertThat(Curate.lineage(lake, spec(sql))).isEqualTo(lineage);
    assertThat(Curate.lineage(lake, spec(sql + " WHERE delay_minutes > 0")).definition())
        .isNotEqualTo(lineage.definition());
    assertThat(
            Curate.lineage(
                    lake, new GoldTableSpec(delays, sql, Set.of(flights), List.of("flight_id")))
                .definition())
        .isNotEqualTo(lineage.definition());
  }

  @Test
  void lineageOfAMissingInputNamesTheTableAndTheStagesThatWriteIt() {
    assertThatThrownBy(() -> Curate.lineage(lake, spec("SELECT * FROM " + flights)))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Cannot read " + flights)
        .hasMessageContaining(lake.layout().table(flights))
        .hasMessageContaining("run 'refine or curate' first")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void queryReturnsTheRowsTheSqlDefines() {
    lake.overwrite(
        flights,
        Flights.rows(row("AA1", "SFO", 5, 1L), row("AA2", "SFO", 0, 1L), row("AA3", "LAX", 9, 1L)),
        List.of(),
        ANY);

    assertThat(
            Flights.lines(
                Curate.query(
                    lake.spark(),
                    spec(
                        "SELECT origin, count(*) AS flights FROM "
                            + flights
                            + " GROUP BY origin"))))
        .containsExactly("LAX|1", "SFO|2");
  }

  @Test
  void queryOfAnUnknownColumnFailsNamingTheConfigKey() {
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), ANY);

    assertThatThrownBy(
            () -> Curate.query(lake.spark(), spec("SELECT no_such_column FROM " + flights)))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Cannot run the query of " + delays)
        .hasMessageContaining("tables.gold." + delays.name() + ".sql")
        .hasMessageContaining("no_such_column")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.SQL_FAILED);
  }

  private GoldTableSpec spec(String sql) {
    return new GoldTableSpec(delays, sql, SqlTables.read(sql), List.of());
  }
}
