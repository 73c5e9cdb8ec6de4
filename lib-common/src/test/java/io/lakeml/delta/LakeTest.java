package io.lakeml.delta;

import static io.lakeml.testing.Flights.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Layer;
import io.lakeml.lake.SystemTable;
import io.lakeml.lake.TableId;
import io.lakeml.testing.Flights;
import io.lakeml.testing.TestLakes;
import io.lakeml.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LakeTest {
  private static final Lineage LINEAGE = new Lineage(Map.of("bronze.flights", 3L), "digest-1");

  private Lake lake;
  private SparkSession spark;
  private TableId flights;

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("lake");
    spark = lake.spark();
    flights = TestLakes.uniqueTable(Layer.SILVER, "flights");
  }

  @Test
  void overwriteThenReadReturnsTheRows() {
    TableWrite write =
        lake.overwrite(
            flights,
            Flights.rows(row("AA1", "SFO", 5, 1L), row("AA2", "LAX", null, 1L)),
            List.of(),
            LINEAGE);

    assertThat(write).isEqualTo(new TableWrite(flights, 0, 2, false));
    assertThat(Flights.lines(lake.read(flights, "refine")))
        .containsExactly("AA1|SFO|5|1", "AA2|LAX|null|1");
  }

  @Test
  void overwriteReplacesRowsAndSchema() {
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), LINEAGE);

    lake.overwrite(flights, spark.sql("SELECT 'UA9' AS flight_id, 7 AS gate"), List.of(), LINEAGE);

    Dataset<Row> current = lake.read(flights, "refine");
    assertThat(current.columns()).containsExactly("flight_id", "gate");
    assertThat(Flights.lines(current)).containsExactly("UA9|7");
  }

  @Test
  void mergeCreatesTheTableOnFirstUse() {
    assertThat(lake.exists(flights)).isFalse();

    TableWrite write =
        lake.merge(
            flights,
            Flights.rows(row("AA1", "SFO", 5, 1L), row("AA2", "LAX", 0, 1L)),
            List.of("flight_id"),
            "updated_at",
            List.of(),
            LINEAGE);

    assertThat(write).isEqualTo(new TableWrite(flights, 0, 2, false));
    assertThat(lake.exists(flights)).isTrue();
    assertThat(Flights.lines(lake.read(flights, "refine")))
        .containsExactly("AA1|SFO|5|1", "AA2|LAX|0|1");
  }

  @Test
  void mergeUpdatesOnlyRowsWithAHigherOrderValueAndInsertsNewKeys() {
    mergeFlights(row("AA1", "SFO", 5, 10L), row("AA2", "LAX", 0, 10L), row("AA3", "SEA", 1, 10L));

    mergeFlights(
        row("AA1", "SFO", 50, 11L), // newer: replaces
        row("AA2", "LAX", 99, 9L), // older: ignored
        row("AA3", "SEA", 77, 10L), // same order value: ignored
        row("AA4", "JFK", 3, 1L)); // new key: inserted

    assertThat(Flights.lines(lake.read(flights, "refine")))
        .containsExactly("AA1|SFO|50|11", "AA2|LAX|0|10", "AA3|SEA|1|10", "AA4|JFK|3|1");
  }

  @Test
  void mergeMatchesEveryKeyColumnNullSafely() {
    List<String> key = List.of("flight_id", "origin");
    lake.merge(
        flights,
        Flights.rows(row(null, "SFO", 1, 1L), row("AA1", "SFO", 2, 1L), row("AA1", "LAX", 3, 1L)),
        key,
        "updated_at",
        List.of(),
        LINEAGE);

    lake.merge(
        flights,
        Flights.rows(row(null, "SFO", 10, 2L), row("AA1", "LAX", 30, 2L), row("AA1", null, 40, 1L)),
        key,
        "updated_at",
        List.of(),
        LINEAGE);

    assertThat(Flights.lines(lake.read(flights, "refine")))
        .containsExactly("AA1|LAX|30|2", "AA1|SFO|2|1", "AA1|null|40|1", "null|SFO|10|2");
  }

  @Test
  void everyWriteIsExactlyOneNewDeltaVersion() {
    TableWrite first =
        lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), LINEAGE);
    assertThat(history(flights)).isEqualTo(1);
    assertThat(first.version()).isEqualTo(0);

    TableWrite merged = mergeFlights(row("AA1", "SFO", 6, 2L), row("AA2", "LAX", 0, 1L));
    assertThat(history(flights)).isEqualTo(2);
    assertThat(merged.version()).isEqualTo(1);

    TableWrite second =
        lake.overwrite(flights, Flights.rows(row("AA3", "SEA", 1, 1L)), List.of(), LINEAGE);
    assertThat(history(flights)).isEqualTo(3);
    assertThat(second.version()).isEqualTo(2).isEqualTo(lake.version(flights));
  }

  @Test
  void rowsWrittenOfAMergeAreTheRowsInsertedPlusUpdated() {
    mergeFlights(row("AA1", "SFO", 5, 1L), row("AA2", "LAX", 0, 1L), row("AA3", "SEA", 1, 1L));

    TableWrite write =
        mergeFlights(
            row("AA1", "SFO", 6, 2L), // updated
            row("AA2", "LAX", 9, 0L), // older: not written
            row("AA4", "JFK", 3, 1L)); // inserted

    Map<String, String> metrics = lastCommitMetrics(flights);
    assertThat(metrics).containsEntry("numTargetRowsInserted", "1");
    assertThat(metrics).containsEntry("numTargetRowsUpdated", "1");
    assertThat(write.rowsWritten()).isEqualTo(2);
  }

  @Test
  void lineageRoundTripsThroughAnOverwriteCommit() {
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), LINEAGE);

    assertThat(lake.lineage(flights)).contains(LINEAGE);
  }

  @Test
  void lineageRoundTripsThroughAMergeCommitAndIsNotLeftForLaterCommits() {
    mergeFlights(row("AA1", "SFO", 5, 1L));
    Lineage next = new Lineage(Map.of("bronze.flights", 4L), "digest-1");

    lake.merge(
        flights,
        Flights.rows(row("AA1", "SFO", 6, 2L)),
        List.of("flight_id"),
        "updated_at",
        List.of(),
        next);

    assertThat(lake.lineage(flights)).contains(next);
    Flights.rows(row("AA2", "LAX", 0, 1L))
        .write()
        .format("delta")
        .mode("append")
        .save(lake.layout().table(flights));

    assertThat(lake.lineage(flights)).isEmpty();
  }

  @Test
  void maintenanceCommitsDoNotHideTheLineage() {
    Lineage lineage = new Lineage(Map.of("bronze.flights", 4L), "digest-1");
    mergeFlights(row("AA1", "SFO", 5, 1L));
    lake.merge(
        flights,
        Flights.rows(row("AA2", "LAX", 6, 2L)),
        List.of("flight_id"),
        "updated_at",
        List.of(),
        lineage);

    DeltaTable table = DeltaTable.forPath(TestSpark.session(), lake.layout().table(flights));
    table.optimize().executeCompaction();
    table.addFeatureSupport("columnMapping");

    assertThat(table.history(2).select("operation").as(Encoders.STRING()).collectAsList())
        .containsExactly("SET TBLPROPERTIES", "OPTIMIZE");

    assertThat(lake.lineage(flights)).contains(lineage);
  }

  @Test
  void lineageOfAMissingTableIsEmpty() {
    assertThat(lake.lineage(flights)).isEmpty();
  }

  @Test
  void unchangedReportsTheCurrentVersionAndSkipped() {
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 5, 1L)), List.of(), LINEAGE);
    lake.overwrite(flights, Flights.rows(row("AA1", "SFO", 6, 2L)), List.of(), LINEAGE);

    TableWrite unchanged = lake.unchanged(flights);

    assertThat(unchanged).isEqualTo(new TableWrite(flights, 1, 0, true));
    assertThat(history(flights)).isEqualTo(2);
  }

  @Test
  void readOfAMissingTableNamesTableLocationAndProducer() {
    assertThatThrownBy(() -> lake.read(flights, "refine"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Cannot read " + flights)
        .hasMessageContaining(lake.layout().table(flights))
        .hasMessageContaining("run 'refine' first")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void registerAllRegistersExistingTablesForSql() {
    TableId gold = TestLakes.uniqueTable(Layer.GOLD, "delays");
    saveWithoutLake(flights, Flights.rows(row("AA1", "SFO", 5, 1L), row("AA2", "LAX", 0, 1L)));
    saveWithoutLake(gold, Flights.rows(row("AA3", "SEA", 1, 1L)));

    lake.registerAll();

    assertThat(Flights.lines(spark.sql("SELECT * FROM " + flights)))
        .containsExactly("AA1|SFO|5|1", "AA2|LAX|0|1");
    assertThat(Flights.lines(spark.sql("SELECT * FROM " + gold))).containsExactly("AA3|SEA|1|1");
  }

  @Test
  void registerAllIgnoresFoldersWithoutDeltaLogOrWithInvalidNames() {
    String plain = TestLakes.uniqueName("plain");
    String invalid = TestLakes.uniqueName("Invalid");
    Flights.rows(row("AA1", "SFO", 5, 1L))
        .write()
        .parquet(lake.layout().layer(Layer.SILVER) + "/" + plain);
    Flights.rows(row("AA1", "SFO", 5, 1L))
        .write()
        .format("delta")
        .save(lake.layout().layer(Layer.SILVER) + "/" + invalid);
    saveWithoutLake(flights, Flights.rows(row("AA1", "SFO", 5, 1L)));

    lake.registerAll();

    assertThat(spark.catalog().tableExists("silver", flights.name())).isTrue();
    assertThat(spark.catalog().tableExists("silver", plain)).isFalse();
    assertThat(spark.catalog().tableExists("silver", invalid.toLowerCase())).isFalse();
  }

  @Test
  void registerAllRegistersSystemTablesUnderLakeml() {
    // Another lake of this JVM may have registered lakeml.runs at its own location.
    spark.sql("DROP TABLE IF EXISTS lakeml.runs");
    lake.append(SystemTable.RUNS, spark.sql("SELECT 'run-1' AS run_id"));

    lake.registerAll();

    assertThat(Flights.lines(spark.sql("SELECT run_id FROM lakeml.runs"))).containsExactly("run-1");
  }

  @Test
  void readOfASystemTableIsEmptyBeforeTheFirstAppend() {
    assertThat(lake.read(SystemTable.RUNS)).isEmpty();
  }

  @Test
  void appendAddsRowsToASystemTable() {
    lake.append(SystemTable.REGISTRY, spark.sql("SELECT 'delay' AS model, 1 AS version"));
    lake.append(SystemTable.REGISTRY, spark.sql("SELECT 'delay' AS model, 2 AS version"));

    assertThat(lake.read(SystemTable.REGISTRY))
        .hasValueSatisfying(
            rows -> assertThat(Flights.lines(rows)).containsExactly("delay|1", "delay|2"));
    assertThat(lake.read(SystemTable.RUNS)).isEmpty();
  }

  private TableWrite mergeFlights(Row... rows) {
    return lake.merge(
        flights, Flights.rows(rows), List.of("flight_id"), "updated_at", List.of(), LINEAGE);
  }

  private void saveWithoutLake(TableId table, Dataset<Row> rows) {
    rows.write().format("delta").save(lake.layout().table(table));
  }

  private long history(TableId table) {
    return DeltaTable.forPath(spark, lake.layout().table(table)).history().count();
  }

  private Map<String, String> lastCommitMetrics(TableId table) {
    Row commit =
        DeltaTable.forPath(spark, lake.layout().table(table))
            .history(1)
            .select("operationMetrics")
            .first();
    return commit.getJavaMap(0);
  }
}
