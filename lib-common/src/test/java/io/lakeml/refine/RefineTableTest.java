package io.lakeml.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.quality.Action;
import io.lakeml.quality.Expectation;
import io.lakeml.quality.QualityReport;
import io.lakeml.testing.TestLakes;
import io.lakeml.testing.TestSpark;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Refining real bronze Delta tables: every action, incremental reads, CDC, SCD2, replay. */
class RefineTableTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2001, 1, 7);
  private static final StructType BRONZE =
      new StructType()
          .add("order_id", DataTypes.StringType)
          .add("amount", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("op", DataTypes.StringType)
          .add("updated_at", DataTypes.LongType)
          .add("_source_file", DataTypes.StringType)
          .add("_ingested_at", DataTypes.TimestampType);
  private static final StructType SILVER =
      StructType.fromDDL("order_id STRING, amount INT, status STRING, updated_at BIGINT");

  private final Lake lake = TestLakes.fresh("refine");
  private final TableId bronze = new TableId(Layer.BRONZE, "orders");
  private final TableId silver = new TableId(Layer.SILVER, "orders");
  private final List<QualityReport> reports = new ArrayList<>();

  private static Row order(String id, String amount, String status, long updatedAt) {
    return RowFactory.create(
        id,
        amount,
        status,
        "upsert",
        updatedAt,
        "file:/raw/orders-" + updatedAt + ".csv",
        new Timestamp(updatedAt * 1000));
  }

  private static Row change(String id, String op, long updatedAt) {
    return RowFactory.create(
        id, "1", "any", op, updatedAt, "file:/raw/changes.csv", new Timestamp(updatedAt * 1000));
  }

  private void land(Row... rows) {
    TestSpark.session()
        .createDataFrame(Arrays.asList(rows), BRONZE)
        .write()
        .format("delta")
        .mode("append")
        .save(lake.layout().table(bronze));
  }

  private SilverTableSpec spec(Expectation... rules) {
    List<Expectation> all = new ArrayList<>(Arrays.asList(rules));
    all.add(Expectation.of("key_present", "order_id IS NOT NULL", Action.QUARANTINE));
    return new SilverTableSpec(
        silver,
        bronze,
        List.of("order_id"),
        "updated_at",
        List.of(),
        Optional.of(SILVER),
        Map.of(),
        all,
        List.of(),
        Optional.empty(),
        false);
  }

  /** The plain spec with a CDC apply or SCD2 history instead of an upsert. */
  private SilverTableSpec variant(Optional<SilverTableSpec.Cdc> cdc, boolean scd2) {
    SilverTableSpec base = spec();
    return new SilverTableSpec(
        silver,
        bronze,
        base.key(),
        base.orderBy(),
        List.of(),
        base.schema(),
        Map.of(),
        base.expectations(),
        List.of(),
        cdc,
        scd2);
  }

  private RefineTable.Outcome refine(SilverTableSpec spec) {
    return RefineTable.refine(lake, spec, "run-" + reports.size(), RUN_DATE, reports::add);
  }

  private List<String> silverRows() {
    return lake.read(silver, "refine").orderBy("order_id").collectAsList().stream()
        .map(row -> row.getString(0) + "=" + row.get(1) + "/" + row.getString(2))
        .toList();
  }

  @Test
  void quarantineKeepsRawRowsAsideWithTheRulesTheyBroke() {
    land(order("a", "10", "paid", 1), order("b", "-5", "paid", 1), order("c", "n/a", "paid", 1));

    RefineTable.Outcome outcome =
        refine(spec(Expectation.of("positive_amount", "amount > 0", Action.QUARANTINE)));

    assertThat(silverRows()).containsExactly("a=10/paid");
    assertThat(outcome.report().orElseThrow().quarantined()).isEqualTo(2);
    List<Row> quarantined =
        lake.read(silver.quarantine(), "refine").orderBy("order_id").collectAsList();
    assertThat(quarantined)
        .extracting(row -> row.<String>getAs("amount"))
        .containsExactly("-5", "n/a");
    assertThat(quarantined.get(1).<String>getList(quarantined.get(1).fieldIndex("_failed_rules")))
        .containsExactly("positive_amount");
    assertThat(quarantined)
        .allSatisfy(row -> assertThat(row.<String>getAs("_run_id")).isEqualTo("run-0"))
        .allSatisfy(row -> assertThat(row.<String>getAs("_source_file")).endsWith("orders-1.csv"));
  }

  @Test
  void dropCountsRowsAndKeepsThemNowhere() {
    land(order("a", "10", "paid", 1), order("b", "10", "test", 1));

    RefineTable.Outcome outcome =
        refine(spec(Expectation.of("real_order", "status <> 'test'", Action.DROP)));

    assertThat(silverRows()).containsExactly("a=10/paid");
    assertThat(outcome.report().orElseThrow().dropped()).isEqualTo(1);
    assertThat(outcome.quarantine()).isEmpty();
    assertThat(lake.exists(silver.quarantine())).isFalse();
  }

  @Test
  void warnKeepsRowsAndCountsThem() {
    land(order("a", "10", "paid", 1), order("b", "10", "pending", 1));

    RefineTable.Outcome outcome =
        refine(spec(Expectation.of("settled", "status = 'paid'", Action.WARN)));

    assertThat(silverRows()).containsExactly("a=10/paid", "b=10/pending");
    assertThat(outcome.report().orElseThrow().results())
        .filteredOn(result -> result.rule().equals("settled"))
        .singleElement()
        .satisfies(result -> assertThat(result.rowsFailed()).isEqualTo(1));
  }

  @Test
  void failStopsBeforeWritingAnything() {
    SilverTableSpec spec =
        spec(
            Expectation.of("positive_amount", "amount > 0", Action.QUARANTINE),
            Expectation.of("known_status", "status IN ('paid', 'pending')", Action.FAIL));
    land(order("a", "10", "paid", 1), order("b", "-1", "paid", 1));
    refine(spec);
    long silverVersion = lake.version(silver);
    long quarantineVersion = lake.version(silver.quarantine());
    land(order("c", "-3", "paid", 2), order("d", "7", "lost", 2), order("e", "8", "stolen", 2));

    assertThatThrownBy(() -> refine(spec))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Cannot refine silver.orders: rule 'known_status' (action fail)")
        .hasMessageContaining("failed: 2 of 3 rows; sample keys [")
        .hasMessageContaining("[d]")
        .hasMessageContaining("nothing was written to silver.orders or its quarantine")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.QUALITY_FAILED);
    assertThat(lake.version(silver)).isEqualTo(silverVersion);
    assertThat(lake.version(silver.quarantine())).isEqualTo(quarantineVersion);
    assertThat(reports.get(1).failure()).isPresent();
  }

  @Test
  void aRerunWithNoNewBronzeRowsWritesNothing() {
    SilverTableSpec spec = spec();
    land(order("a", "10", "paid", 1));
    refine(spec);
    long version = lake.version(silver);

    RefineTable.Outcome again = refine(spec);

    assertThat(again.silver().skipped()).isTrue();
    assertThat(lake.version(silver)).isEqualTo(version);
    assertThat(reports).hasSize(1);
  }

  @Test
  void eachRefineReadsOnlyTheBronzeRowsAddedSinceTheLastOne() {
    SilverTableSpec spec = spec();
    land(order("a", "10", "paid", 1), order("b", "20", "paid", 1));
    refine(spec);
    land(order("b", "25", "refunded", 2), order("c", "30", "paid", 2));

    refine(spec);

    assertThat(reports.get(1).rows()).isEqualTo(2);
    assertThat(silverRows()).containsExactly("a=10/paid", "b=25/refunded", "c=30/paid");
  }

  @Test
  void anOlderRowDoesNotReplaceANewerOne() {
    SilverTableSpec spec = spec();
    land(order("a", "10", "paid", 5));
    refine(spec);
    land(order("a", "99", "stale", 3));

    refine(spec);

    assertThat(silverRows()).containsExactly("a=10/paid");
  }

  @Test
  void cdcDeletesAndUpsertsByOperation() {
    SilverTableSpec spec =
        variant(Optional.of(new SilverTableSpec.Cdc("op", List.of("delete"))), false);
    land(change("a", "insert", 1), change("b", "insert", 1), change("c", "insert", 1));
    refine(spec);
    land(change("a", "delete", 2), change("b", "update", 2), change("z", "delete", 2));

    refine(spec);

    assertThat(silverRows()).containsExactly("b=1/any", "c=1/any");
    assertThat(lake.read(silver, "refine").columns()).doesNotContain("op");
  }

  @Test
  void scd2KeepsEveryVersionAndOneCurrentRowPerKey() {
    SilverTableSpec spec = variant(Optional.empty(), true);
    land(order("a", "10", "gold", 1), order("b", "20", "silver", 1));
    refine(spec);
    land(order("a", "10", "platinum", 2), order("b", "20", "silver", 2));
    refine(spec);

    List<String> history =
        lake.read(silver, "refine").orderBy("order_id", "valid_from").collectAsList().stream()
            .map(
                row ->
                    row.getString(0)
                        + ":"
                        + row.getString(2)
                        + " "
                        + row.get(row.fieldIndex("valid_from"))
                        + ".."
                        + row.get(row.fieldIndex("valid_to"))
                        + " current="
                        + row.get(row.fieldIndex("is_current")))
            .toList();

    assertThat(history)
        .containsExactly(
            "a:gold 1..2 current=false",
            "a:platinum 2..null current=true",
            "b:silver 1..null current=true");
  }

  @Test
  void replayMovesRowsThatNowPassAndOnlyOnce() {
    land(order("a", "10", "paid", 1), order("b", "-5", "paid", 1), order("c", "n/a", "paid", 1));
    refine(spec(Expectation.of("positive_amount", "amount > 0", Action.QUARANTINE)));
    SilverTableSpec relaxed =
        spec(Expectation.of("positive_amount", "amount > -10", Action.QUARANTINE));

    Replay.replay(lake, relaxed, "replay-1", RUN_DATE, reports::add);
    long silverVersion = lake.version(silver);
    Replay.replay(lake, relaxed, "replay-2", RUN_DATE, reports::add);

    assertThat(silverRows()).containsExactly("a=10/paid", "b=-5/paid");
    assertThat(lake.read(silver.quarantine(), "refine").collectAsList())
        .singleElement()
        .satisfies(row -> assertThat(row.<String>getAs("amount")).isEqualTo("n/a"));
    assertThat(lake.version(silver)).isEqualTo(silverVersion);
  }

  @Test
  void silverEnforcesKeysAndFailRulesForOtherWritersToo() {
    land(order("a", "10", "paid", 1));
    refine(spec(Expectation.of("positive_amount", "amount > 0", Action.FAIL)));
    String location = lake.layout().table(silver);
    Dataset<Row> negative =
        TestSpark.session()
            .sql("SELECT 'z' AS order_id, -1 AS amount, 'x' AS status, 9L AS updated_at");
    Dataset<Row> keyless =
        TestSpark.session()
            .sql(
                "SELECT CAST(NULL AS STRING) AS order_id, 1 AS amount, 'x' AS status, 9L AS updated_at");

    assertThatThrownBy(() -> negative.write().format("delta").mode("append").save(location))
        .hasMessageContaining("lakeml_positive_amount");
    assertThatThrownBy(() -> keyless.write().format("delta").mode("append").save(location))
        .hasMessageContaining("order_id");
    assertThat(DeltaTable.forPath(TestSpark.session(), location).toDF().count()).isEqualTo(1);
  }

  @Test
  void rowsReferencingUnknownKeysAreQuarantined() {
    TableId customers = new TableId(Layer.SILVER, "customers");
    lake.overwrite(
        customers,
        TestSpark.session().sql("SELECT 'a' AS id UNION ALL SELECT 'b'"),
        List.of(),
        new io.lakeml.delta.Lineage(Map.of(), "test"));
    land(order("a", "10", "paid", 1), order("q", "20", "paid", 1));

    refine(
        spec(
            Expectation.references(
                "known_customer",
                new Expectation.Reference("order_id", customers, "id"),
                Action.QUARANTINE)));

    assertThat(silverRows()).containsExactly("a=10/paid");
    assertThat(lake.read(silver.quarantine(), "refine").select("order_id").first().getString(0))
        .isEqualTo("q");
  }
}
