package io.lakeml.e2e;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.lakeml.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's first command, {@code bin/lakeml run conf/pipelines/flights.conf}, on the bundled
 * sample into a fresh lake, run twice; the lake is then checked table by table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlightsPipelineIT {
  private static final List<String> TABLES =
      List.of(
          "bronze/flights",
          "bronze/airports",
          "silver/flights",
          "silver/airports",
          "gold/flight_features",
          "gold/flight_delay_predictions",
          "_lakeml/leaderboard");
  private static final Column[] FLIGHT_KEY = {
    col("date"), col("origin"), col("destination"), col("distance"), col("delay")
  };

  private final SparkSession spark = TestSpark.session();
  private Path work;
  private Path lake;
  private Lakeml.Outcome first;
  private final Map<String, Long> versionsAfterFirst = new LinkedHashMap<>();
  private final Map<String, Long> countsAfterFirst = new LinkedHashMap<>();

  @BeforeAll
  void runThePipelineOnce() throws Exception {
    work = TestSpark.scratch("e2e");
    lake = work.resolve("lake");
    first = runPipeline();
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    for (String table : TABLES) {
      versionsAfterFirst.put(table, version(table));
      countsAfterFirst.put(table, table(table).count());
    }
  }

  @Test
  @Order(1)
  void bronzeHoldsEveryRawRow() {
    Dataset<Row> csv =
        spark
            .read()
            .option("header", "true")
            .csv(Lakeml.REPO.resolve("data/sample/flights").toString());
    Dataset<Row> json =
        spark
            .read()
            .option("multiLine", "true")
            .json(Lakeml.REPO.resolve("data/sample/flights-json").toString());
    Dataset<Row> airports =
        spark
            .read()
            .option("header", "true")
            .csv(Lakeml.REPO.resolve("data/sample/airports").toString());

    assertThat(table("bronze/flights").count()).isEqualTo(csv.count() + json.count());
    assertThat(table("bronze/airports").count()).isEqualTo(airports.count());
    assertThat(
            table("bronze/flights")
                .where(col("date").isNull().or(col("_source_file").isNull()))
                .count())
        .isZero();
    assertThat(table("bronze/flights").select("_source_file").distinct().count()).isEqualTo(7);
  }

  @Test
  @Order(2)
  void silverHoldsOneRowPerKeyAndTheQuarantineTheRest() {
    Dataset<Row> silver = table("silver/flights");
    Column plausible = col("delay").between(-60, 1440);
    Dataset<Row> bronze = table("bronze/flights");
    long implausible = bronze.where(plausible.unary_$bang()).count();

    assertThat(implausible).isGreaterThan(0);
    assertThat(table("silver/flights_quarantine").count()).isEqualTo(implausible);
    assertThat(
            table("silver/flights_quarantine")
                .where(array_contains(col("_failed_rules"), "plausible_delay"))
                .count())
        .isEqualTo(implausible);
    assertThat(silver.count())
        .isEqualTo(bronze.where(plausible).select(FLIGHT_KEY).distinct().count());
    assertThat(silver.where(plausible.unary_$bang()).count()).isZero();
    assertThat(silver.select(FLIGHT_KEY).distinct().count()).isEqualTo(silver.count());
    assertThat(table("silver/airports").count())
        .isEqualTo(table("bronze/airports").select("iata").distinct().count());
  }

  @Test
  @Order(3)
  void goldJoinsEveryFlightWithBothAirports() {
    Dataset<Row> gold = table("gold/flight_features");
    Dataset<Row> airports = table("silver/airports");
    long joinable =
        table("silver/flights")
            .join(airports.select(col("iata").as("o")), col("origin").equalTo(col("o")))
            .join(airports.select(col("iata").as("d")), col("destination").equalTo(col("d")))
            .count();

    assertThat(gold.count()).isEqualTo(joinable).isGreaterThan(100_000);
    assertThat(gold.where(col("delayed").equalTo(1)).count())
        .isEqualTo(gold.where(col("delay").gt(15)).count());
    assertThat(gold.where(col("hour").isNull().or(col("origin_state").isNull())).count()).isZero();
  }

  @Test
  @Order(4)
  void modelIsRegisteredWithAGoodHeldOutAuc() throws Exception {
    List<Row> versions =
        spark
            .read()
            .format("delta")
            .load(lake.resolve("_lakeml/registry").toString())
            .collectAsList();

    assertThat(versions).hasSize(1);
    Row model = versions.get(0);
    assertThat(model.<String>getAs("model")).isEqualTo("flight_delay");
    assertThat(model.<Integer>getAs("version")).isEqualTo(1);
    assertThat(model.<String, Double>getJavaMap(model.fieldIndex("metrics")).get("auc_roc"))
        .isGreaterThan(0.6);
    assertThat(model.<Long>getAs("train_rows") + model.<Long>getAs("test_rows"))
        .isEqualTo(countsAfterFirst.get("gold/flight_features"));
    assertThat(model.<String, Long>getJavaMap(model.fieldIndex("inputs")))
        .containsEntry("gold.flight_features", versionsAfterFirst.get("gold/flight_features"));
    assertThat(lake.resolve("models/flight_delay/v1/pipeline/metadata")).isDirectory();
    assertThat(Files.readString(lake.resolve("models/flight_delay/v1/metadata.json")))
        .contains("\"auc_roc\"", "\"version\" : 1");
    assertThat(first.stdout())
        .contains("model flight_delay: v1, ", ", test ", "auc_roc=", "leaderboard flight_delay: ")
        .contains("delay: leak (AUC ");
    List<Row> leaderboard = table("_lakeml/leaderboard").orderBy("rank").collectAsList();
    assertThat(leaderboard).isNotEmpty();
    assertThat(leaderboard)
        .allSatisfy(row -> assertThat(row.<Integer>getAs("version")).isEqualTo(1));
    assertThat(leaderboard.get(0).<String>getAs("candidate"))
        .isEqualTo(model.<String>getAs("algorithm"));
  }

  @Test
  @Order(5)
  void everyScoredRowHasAPredictionFromThatVersion() {
    Dataset<Row> predictions = table("gold/flight_delay_predictions");

    assertThat(predictions.count()).isEqualTo(table("gold/flight_features").count());
    assertThat(predictions.where(col("model_version").notEqual(1)).count()).isZero();
    assertThat(predictions.where(col("probability").lt(0).or(col("probability").gt(1))).count())
        .isZero();
    assertThat(predictions.where(col("prediction").isNull()).count()).isZero();
  }

  @Test
  @Order(6)
  void everyStageWroteARunRecord() {
    Dataset<Row> runs = spark.read().format("delta").load(lake.resolve("_lakeml/runs").toString());

    assertThat(
            spark
                .read()
                .format("delta")
                .load(lake.resolve("_lakeml/quality").toString())
                .where("rule = 'plausible_delay' AND NOT passed AND action = 'quarantine'")
                .count())
        .isEqualTo(1);
    assertThat(runs.select("stage").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("ingest", "refine", "curate", "train", "score");
    assertThat(runs.where(col("status").notEqual("SUCCEEDED")).count()).isZero();
    assertThat(runs.where(col("run_date").cast("string").notEqual("2001-01-07")).count()).isZero();
  }

  @Test
  @Order(7)
  void aSecondRunChangesNothing() throws Exception {
    Lakeml.Outcome second = runPipeline();

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    for (String table : TABLES) {
      assertThat(version(table))
          .as("Delta version of " + table)
          .isEqualTo(versionsAfterFirst.get(table));
      assertThat(table(table).count())
          .as("rows of " + table)
          .isEqualTo(countsAfterFirst.get(table));
    }
    assertThat(
            spark.read().format("delta").load(lake.resolve("_lakeml/registry").toString()).count())
        .isEqualTo(1);
    assertThat(second.stdout()).contains("v1 (up to date)").doesNotContain(" written");
  }

  @Test
  @Order(8)
  void replayMovesQuarantinedRowsThatPassRelaxedRulesOnce() throws Exception {
    String relaxed =
        "tables.silver.flights.expectations.plausible_delay.expr=delay BETWEEN -120 AND 2000";
    long silverBefore = table("silver/flights").count();
    long quarantined = table("silver/flights_quarantine").count();

    Lakeml.Outcome first = replay(relaxed);
    long silverAfter = table("silver/flights").count();
    Lakeml.Outcome second = replay(relaxed);

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(silverAfter).isEqualTo(silverBefore + quarantined);
    assertThat(table("silver/flights").count()).isEqualTo(silverAfter);
    assertThat(table("silver/flights_quarantine").count()).isZero();
  }

  @Test
  @Order(9)
  void analystNotebooksRunOnTheLakeAndLeaveItUnchanged() throws Exception {
    Map<String, String> filesBefore = files();
    Row champion =
        spark.read().format("delta").load(lake.resolve("_lakeml/registry").toString()).first();
    Map<String, String> expected =
        Map.of(
            "gold-tables.ipynb",
            "gold.flight_features\\s+"
                + table("gold/flight_features").count()
                + "\\s+"
                + version("gold/flight_features"),
            "model-registry.ipynb",
            "config_hash\\s+\\| " + champion.<String>getAs("config_hash"));

    assertThat(Notebooks.all().stream().map(notebook -> notebook.getFileName().toString()))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    Path tmp = null;
    for (Path notebook : Notebooks.all()) {
      Notebooks.Outcome run = Notebooks.execute(notebook, lake, work.resolve("notebooks"));

      assertThat(run.exitCode()).as(run.log()).isZero();
      assertThat(Files.readString(run.executed()))
          .containsPattern(expected.get(notebook.getFileName().toString()))
          .contains("\"image/png\"");
      tmp = run.tmp();
    }
    assertThat(files()).isEqualTo(filesBefore);
    // Every run shares one empty catalog folder: none is left behind per run.
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(
              left.map(path -> path.getFileName().toString())
                  .filter(name -> name.startsWith("lakeml-notebook")))
          .containsExactly("lakeml-notebook-warehouse");
    }
  }

  /** Every file under the lake, with its size and modification time. */
  private Map<String, String> files() throws IOException {
    try (Stream<Path> files = Files.walk(lake)) {
      return files
          .filter(Files::isRegularFile)
          .collect(
              Collectors.toMap(
                  file -> lake.relativize(file).toString(),
                  file -> file.toFile().length() + "@" + file.toFile().lastModified(),
                  (first, second) -> first,
                  TreeMap::new));
    }
  }

  private Lakeml.Outcome runPipeline() throws Exception {
    return Lakeml.run(
        work,
        "run",
        Lakeml.REPO.resolve("conf/pipelines/flights.conf").toString(),
        "--lake",
        lake.toString(),
        "--run-date",
        "2001-01-07");
  }

  private Lakeml.Outcome replay(String override) throws Exception {
    return Lakeml.run(
        work,
        "quarantine",
        "replay",
        Lakeml.REPO.resolve("conf/pipelines/flights.conf").toString(),
        "silver.flights",
        "--lake",
        lake.toString(),
        "--set",
        override);
  }

  private Dataset<Row> table(String relative) {
    return spark.read().format("delta").load(lake.resolve(relative).toString());
  }

  private long version(String relative) {
    return DeltaTable.forPath(spark, lake.resolve(relative).toString())
        .history(1)
        .first()
        .getLong(0);
  }
}
