package io.lakeml.pipeline;

import static io.lakeml.config.ConfigFiles.load;
import static io.lakeml.config.ConfigFiles.write;
import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.TableId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSpecTest {
  private static final Path FLIGHTS_FILE = Path.of("../conf/pipelines/flights.conf");
  private static final Path SAMPLE = Path.of("../data/sample").toAbsolutePath().normalize();
  private static final StructType FLIGHT_FILES =
      new StructType()
          .add("date", DataTypes.TimestampNTZType)
          .add("delay", DataTypes.IntegerType)
          .add("distance", DataTypes.IntegerType)
          .add("origin", DataTypes.StringType)
          .add("destination", DataTypes.StringType);

  private static PipelineSpec flights;

  @TempDir Path dir;

  @BeforeAll
  static void loadFlights() {
    flights = PipelineSpec.from(load(FLIGHTS_FILE), FLIGHTS_FILE);
  }

  private static TableId id(String text) {
    return TableId.parse(text);
  }

  /** The local folder Spark reads a source from (through Hadoop's Path, as Spark does). */
  private static Path folder(SourceSpec source) {
    return Path.of(new org.apache.hadoop.fs.Path(source.path().orElseThrow()).toUri().getPath());
  }

  private PipelineSpec pipeline(String text) {
    Path file = write(dir, "pipelines/demo.conf", text);
    return PipelineSpec.from(load(file), file);
  }

  @Test
  void flightsSourcesWithFormatsTablesAndFolders() {
    assertThat(flights.name()).isEqualTo("flights");
    assertThat(flights.sources())
        .extracting(SourceSpec::name, SourceSpec::format, SourceSpec::table)
        .containsExactly(
            tuple("airports", "csv", id("bronze.airports")),
            tuple("flights_csv", "csv", id("bronze.flights")),
            tuple("flights_json", "json", id("bronze.flights")));
    assertThat(flights.sources())
        .allSatisfy(source -> assertThat(source.path().orElseThrow()).startsWith("file:/"))
        .extracting(PipelineSpecTest::folder)
        .containsExactly(
            SAMPLE.resolve("airports"), SAMPLE.resolve("flights"), SAMPLE.resolve("flights-json"));
  }

  @Test
  void flightsSourceOptionsAndSharedSchema() {
    SourceSpec csv = flights.sources().get(1);
    SourceSpec json = flights.sources().get(2);

    assertThat(csv.options())
        .isEqualTo(Map.of("header", "true", "timestampNTZFormat", "yyyy-MM-dd HH:mm"));
    assertThat(json.options())
        .isEqualTo(Map.of("multiLine", "true", "timestampNTZFormat", "yyyy/MM/dd HH:mm"));
    assertThat(csv.schema()).isEqualTo(FLIGHT_FILES);
    assertThat(json.schema()).isEqualTo(FLIGHT_FILES);
    assertThat(flights.sources().get(0).schema().fieldNames())
        .containsExactly("iata", "name", "city", "state", "country", "latitude", "longitude");
  }

  @Test
  void flightsSilverTables() {
    SilverTableSpec airports = flights.silverTables().get(0);
    SilverTableSpec trips = flights.silverTables().get(1);

    assertThat(airports.id()).isEqualTo(id("silver.airports"));
    assertThat(airports.source()).isEqualTo(id("bronze.airports"));
    assertThat(airports.key()).containsExactly("iata");
    assertThat(airports.schema()).isEmpty();
    assertThat(trips.id()).isEqualTo(id("silver.flights"));
    assertThat(trips.source()).isEqualTo(id("bronze.flights"));
    assertThat(trips.key()).containsExactly("date", "origin", "destination", "distance", "delay");
    assertThat(trips.orderBy()).isEqualTo("_ingested_at");
    assertThat(trips.schema().orElseThrow().fieldNames())
        .containsExactly("date", "origin", "destination", "distance", "delay");
  }

  @Test
  void flightsGoldTableReadsBothSilverTables() {
    assertThat(flights.goldTables()).hasSize(1);
    GoldTableSpec features = flights.goldTables().get(0);
    assertThat(features.id()).isEqualTo(id("gold.flight_features"));
    assertThat(features.inputs())
        .containsExactlyInAnyOrder(id("silver.flights"), id("silver.airports"));
    assertThat(features.sql()).contains("CAST(f.delay > 15 AS INT) AS delayed");
    assertThat(features.partitionBy()).isEmpty();
  }

  @Test
  void flightsModel() {
    assertThat(flights.models()).hasSize(1);
    ModelSpec model = flights.models().get(0);
    assertThat(model.name()).isEqualTo("flight_delay");
    assertThat(model.table()).isEqualTo(id("gold.flight_features"));
    assertThat(model.scoreTable()).isEqualTo(id("gold.flight_features"));
    assertThat(model.task()).isEqualTo(Task.BINARY_CLASSIFICATION);
    assertThat(model.algorithm()).isEmpty();
    assertThat(model.label()).isEqualTo("delayed");
    assertThat(model.features().auto()).isTrue();
    assertThat(model.features().crosses())
        .containsExactly(List.of("origin", "destination"), List.of("origin", "hour"));
    assertThat(model.automl().candidates())
        .containsExactly(Algorithm.XGBOOST, Algorithm.GBT, Algorithm.LOGISTIC_REGRESSION);
    assertThat(model.automl().metric()).isEqualTo(Metric.AUC_ROC);
    assertThat(model.automl().budget()).isEqualTo(Duration.ofMinutes(1));
    assertThat(model.split().kind()).isEqualTo(SplitSpec.Kind.RANDOM);
    assertThat(model.params()).isEmpty();
    assertThat(model.predictions()).isEqualTo(id("gold.flight_delay_predictions"));
    assertThat(model.seed()).isEqualTo(42);
    assertThat(model.split().testFraction()).isEqualTo(0.2);
    assertThat(model.configHash()).hasSize(64);
  }

  @Test
  void flightsTablesInStageOrder() {
    assertThat(flights.tables())
        .containsExactly(
            id("bronze.airports"),
            id("bronze.flights"),
            id("bronze.airports_rejected"),
            id("bronze.flights_csv_rejected"),
            id("bronze.flights_json_rejected"),
            id("silver.airports"),
            id("silver.flights"),
            id("silver.airports_quarantine"),
            id("silver.flights_quarantine"),
            id("gold.flight_features"),
            id("gold.flight_delay_predictions"));
  }

  @Test
  void defaultsApplyBeneathEveryEntry() {
    PipelineSpec spec =
        pipeline(
            """
            name = demo
            sources.events.schema = "id INT, kind STRING, score DOUBLE"
            tables.silver.events.key = [id]
            models.m {
              table = silver.events
              label = score
              features.numeric = [id]
            }
            """);

    SourceSpec source = spec.sources().get(0);
    assertThat(source.format()).isEqualTo("csv");
    assertThat(source.table()).isEqualTo(id("bronze.events"));
    assertThat(source.options()).isEmpty();
    SilverTableSpec silver = spec.silverTables().get(0);
    assertThat(silver.source()).isEqualTo(id("bronze.events"));
    assertThat(silver.orderBy()).isEqualTo("_ingested_at");
    assertThat(silver.partitionBy()).isEmpty();
    ModelSpec model = spec.models().get(0);
    assertThat(model.task()).isEqualTo(Task.BINARY_CLASSIFICATION);
    assertThat(model.algorithm()).isEmpty();
    assertThat(model.params()).isEmpty();
    assertThat(model.features().columns()).containsExactly("id");
    assertThat(model.features().auto()).isFalse();
    assertThat(model.automl().candidates())
        .containsExactly(
            Algorithm.LOGISTIC_REGRESSION,
            Algorithm.RANDOM_FOREST,
            Algorithm.GBT,
            Algorithm.XGBOOST);
    assertThat(model.automl().trials()).isEqualTo(8);
    assertThat(model.automl().budget()).isEqualTo(Duration.ofMinutes(10));
    assertThat(model.automl().earlyStoppingRounds()).isEqualTo(10);
    assertThat(model.minImprovement()).isEqualTo(0.001);
    assertThat(model.automl().checks().enforce()).isTrue();
    assertThat(model.split().kind()).isEqualTo(SplitSpec.Kind.RANDOM);
    assertThat(model.split().testFraction()).isEqualTo(0.2);
    assertThat(model.seed()).isEqualTo(42);
    assertThat(model.scoreTable()).isEqualTo(id("silver.events"));
    assertThat(model.predictions()).isEqualTo(id("gold.m_predictions"));
  }

  @Test
  void sourcePathsResolveAgainstThePipelineFilesFolder() {
    PipelineSpec spec =
        pipeline(
            """
            name = demo
            sources {
              relative { path = "../data/events", schema = "id INT" }
              absolute { path = "/srv/raw/events", schema = "id INT" }
              bucket { path = "s3a://bucket/raw/events", schema = "id INT" }
              landing { schema = "id INT" }
            }
            """);

    Map<String, SourceSpec> sources =
        spec.sources().stream().collect(toMap(SourceSpec::name, source -> source));
    assertThat(folder(sources.get("relative")))
        .isEqualTo(dir.resolve("data/events").toAbsolutePath());
    assertThat(sources.get("absolute").path()).contains("file:///srv/raw/events");
    assertThat(sources.get("bucket").path()).contains("s3a://bucket/raw/events");
    assertThat(sources.get("landing").path()).isEmpty();
    LakeLayout lake = LakeLayout.of("s3a://bucket/lake");
    assertThat(sources.get("landing").location(lake)).isEqualTo("s3a://bucket/lake/raw/landing");
    assertThat(sources.get("bucket").location(lake)).isEqualTo("s3a://bucket/raw/events");
  }

  @Test
  void goldTablesOrderedByDependencyEvenWhenDeclaredInReverse() {
    PipelineSpec spec =
        pipeline(
            """
            name = demo
            sources.events.schema = "id INT"
            tables.silver.events.key = [id]
            tables.gold {
              a_last { sql = "SELECT * FROM gold.b_middle JOIN gold.c_first USING (id)" }
              b_middle { sql = "SELECT * FROM gold.c_first" }
              c_first { sql = "SELECT * FROM silver.events" }
              d_alone { sql = "SELECT * FROM silver.events" }
            }
            """);

    assertThat(spec.goldTables())
        .extracting(GoldTableSpec::id)
        .containsExactly(
            id("gold.c_first"), id("gold.b_middle"), id("gold.a_last"), id("gold.d_alone"));
  }

  @Test
  void explicitModelTablesAndPartitions() {
    PipelineSpec spec =
        pipeline(
            """
            name = demo
            sources.events { format = PARQUET, table = bronze.raw_events, schema = "id INT" }
            tables.silver.events { source = bronze.raw_events, key = [id], partition-by = [id] }
            tables.gold.scored.sql = "SELECT * FROM silver.events"
            models.m {
              table = silver.events
              score-table = gold.scored
              predictions = gold.m_scores
              task = regression
              algorithm = random-forest
              label = id
              features.categorical = [kind]
              params.num-trees = 5
              split { test-fraction = 0.5, seed = -7 }
            }
            """);

    assertThat(spec.sources().get(0).format()).isEqualTo("parquet");
    assertThat(spec.silverTables().get(0).partitionBy()).containsExactly("id");
    ModelSpec model = spec.models().get(0);
    assertThat(model.scoreTable()).isEqualTo(id("gold.scored"));
    assertThat(model.predictions()).isEqualTo(id("gold.m_scores"));
    assertThat(model.algorithm().orElseThrow().estimator(model.task()).getClass().getSimpleName())
        .isEqualTo("RandomForestRegressor");
    assertThat(model.params()).isEqualTo(Map.of("numTrees", "5"));
    assertThat(model.split().testFraction()).isEqualTo(0.5);
    assertThat(model.seed()).isEqualTo(-7);
  }
}
