package io.lakeml.e2e;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.lakeml.errors.LakeException;
import io.lakeml.run.WriterLock;
import io.lakeml.testing.TestSpark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo pipeline as production runs it: each stage a separate Spark application submitted with
 * {@code deploy/spark-submit.sh} (Spark's SparkSubmit) to a standalone master and worker started by
 * {@code deploy/local-cluster/}, with the flights' raw files and the lake on a real S3 server
 * (S3Proxy in this JVM) reached through S3A, and the airports read from the local disk, so one
 * source lands on another file system than the lake. The lake is checked as {@link
 * FlightsPipelineIT} checks it; then a second writer is refused while the lake is locked, a rerun
 * as one application changes nothing, and the secret key is found in no output, log, run record or
 * object.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterS3IT {
  private static final String BUCKET = "lakeml-it";
  private static final List<String> STAGES =
      List.of("ingest", "refine", "curate", "train", "score");
  private static final List<String> TABLES =
      List.of(
          "bronze/flights",
          "bronze/airports",
          "silver/flights",
          "silver/airports",
          "gold/flight_features",
          "gold/flight_delay_predictions");
  private static final Column[] FLIGHT_KEY = {
    col("date"), col("origin"), col("destination"), col("distance"), col("delay")
  };

  private final String secretKey = "it-secret-" + UUID.randomUUID();
  private final SparkSession spark = TestSpark.session();
  private final List<Path> captured = new ArrayList<>();
  private final Map<String, Lakeml.Outcome> stages = new LinkedHashMap<>();
  private final Map<String, Long> versionsAfterFirst = new LinkedHashMap<>();
  private final Map<String, Long> countsAfterFirst = new LinkedHashMap<>();
  private Path work;
  private S3Server s3;
  private LocalCluster cluster;

  @BeforeAll
  void submitEveryStageToTheCluster() throws Exception {
    work = TestSpark.scratch("cluster-s3");
    s3 = S3Server.start(BUCKET, "it-access-key", secretKey);
    s3.configure(spark.sparkContext().hadoopConfiguration());
    s3.upload(Lakeml.REPO.resolve("data/sample/flights"), "raw/flights");
    s3.upload(Lakeml.REPO.resolve("data/sample/flights-json"), "raw/flights-json");
    cluster = LocalCluster.start(work.resolve("cluster"));

    Instant started = Instant.now();
    for (String stage : STAGES) {
      Lakeml.Outcome outcome = submit(stage);
      assertThat(outcome.exitCode()).as(stage + ": " + outcome.stderr()).isZero();
      stages.put(stage, outcome);
    }
    System.out.printf(
        "ClusterS3IT: %d stages as %d applications on the cluster in %d s%n",
        STAGES.size(), STAGES.size(), Duration.between(started, Instant.now()).toSeconds());
    for (String table : TABLES) {
      versionsAfterFirst.put(table, version(table));
      countsAfterFirst.put(table, table(table).count());
    }
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (s3 != null) {
        try (S3Server server = s3) {
          // Close the cached S3A clients of the bucket while the server still answers.
          FileSystem.get(URI.create(lake("")), spark.sparkContext().hadoopConfiguration()).close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void bronzeHoldsEveryRawRowReadFromS3AndFromTheLocalDisk() {
    long csv = local("csv", "data/sample/flights").count();
    long json = local("json", "data/sample/flights-json").count();

    assertThat(table("bronze/flights").count()).isEqualTo(csv + json);
    assertThat(table("bronze/airports").count())
        .isEqualTo(local("csv", "data/sample/airports").count());
    assertThat(
            table("bronze/flights")
                .select("_source_file")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList())
        .hasSize(7)
        .allMatch(file -> file.startsWith(s3.uri("raw/")));
    // The pipeline's own path, relative to conf/pipelines/flights.conf, on the local disk.
    assertThat(
            table("bronze/airports")
                .select("_source_file")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList())
        .singleElement()
        .satisfies(
            file ->
                assertThat(file)
                    .startsWith("file:")
                    .endsWith("/data/sample/airports/airports.csv"));
  }

  @Test
  @Order(2)
  void silverHoldsOneRowPerKeyAndTheQuarantineTheRest() {
    Column plausible = col("delay").between(-60, 1440);
    Dataset<Row> bronze = table("bronze/flights");
    Dataset<Row> silver = table("silver/flights");
    long implausible = bronze.where(plausible.unary_$bang()).count();

    assertThat(implausible).isGreaterThan(0);
    assertThat(
            table("silver/flights_quarantine")
                .where(array_contains(col("_failed_rules"), "plausible_delay"))
                .count())
        .isEqualTo(implausible);
    assertThat(silver.count())
        .isEqualTo(bronze.where(plausible).select(FLIGHT_KEY).distinct().count());
    assertThat(table("silver/airports").count())
        .isEqualTo(table("bronze/airports").select("iata").distinct().count());
  }

  @Test
  @Order(3)
  void goldJoinsEveryFlightWithBothAirports() {
    Dataset<Row> airports = table("silver/airports");
    long joinable =
        table("silver/flights")
            .join(airports.select(col("iata").as("o")), col("origin").equalTo(col("o")))
            .join(airports.select(col("iata").as("d")), col("destination").equalTo(col("d")))
            .count();

    assertThat(table("gold/flight_features").count()).isEqualTo(joinable).isGreaterThan(100_000);
  }

  @Test
  @Order(4)
  void modelIsRegisteredAndSavedOnS3() throws IOException {
    List<Row> versions =
        spark.read().format("delta").load(lake("_lakeml/registry")).collectAsList();

    assertThat(versions).hasSize(1);
    Row model = versions.get(0);
    assertThat(model.<Integer>getAs("version")).isEqualTo(1);
    assertThat(model.<String, Double>getJavaMap(model.fieldIndex("metrics")).get("auc_roc"))
        .isGreaterThan(0.6);
    assertThat(model.<String, Long>getJavaMap(model.fieldIndex("inputs")))
        .containsEntry("gold.flight_features", versionsAfterFirst.get("gold/flight_features"));
    assertThat(model.<String>getAs("location")).isEqualTo(lake("models/flight_delay/v1"));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path metadata =
        new org.apache.hadoop.fs.Path(lake("models/flight_delay/v1/metadata.json"));
    FileSystem fs = metadata.getFileSystem(hadoop);
    try (InputStream in = fs.open(metadata)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"auc_roc\"");
    }
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(lake("models/flight_delay/v1/pipeline"))))
        .isTrue();
    for (String file : List.of("index.html", "roc.png", "pr.png", "leaderboard.png")) {
      assertThat(
              fs.exists(new org.apache.hadoop.fs.Path(lake("models/flight_delay/v1/card/" + file))))
          .as("model card file %s on S3", file)
          .isTrue();
    }
    assertThat(model.<String>getAs("alias")).isEqualTo("champion");
    assertThat(spark.read().format("delta").load(lake("_lakeml/leaderboard")).count()).isPositive();
    assertThat(stages.get("train").stdout())
        .contains("model flight_delay: v1, ", ", test ", "auc_roc=", "champion");
  }

  @Test
  @Order(5)
  void everyFlightIsScoredAndEveryStageRecorded() {
    Dataset<Row> predictions = table("gold/flight_delay_predictions");
    Dataset<Row> runs = spark.read().format("delta").load(lake("_lakeml/runs"));

    assertThat(predictions.count()).isEqualTo(countsAfterFirst.get("gold/flight_features"));
    assertThat(predictions.where(col("model_version").notEqual(1)).count()).isZero();
    assertThat(runs.select("stage").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(STAGES);
    assertThat(runs.where(col("status").notEqual("SUCCEEDED")).count()).isZero();
  }

  @Test
  @Order(6)
  void aSecondWriterIsRefusedWhileTheLakeIsLocked() throws Exception {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String location = lake("_lakeml/locks/writer");
    WriterLock.Holder holder =
        WriterLock.Holder.of("test", "run-holding-the-lock", Instant.now(), Duration.ofHours(1));
    Lakeml.Outcome refused;
    try (WriterLock lock = WriterLock.acquire(hadoop, location, holder)) {
      assertThatThrownBy(
              () ->
                  WriterLock.acquire(
                      hadoop,
                      location,
                      WriterLock.Holder.of("test", "other", Instant.now(), Duration.ofHours(1))))
          .isInstanceOf(LakeException.class)
          .hasMessageContaining("run run-holding-the-lock");
      refused = submit("refine");
    }

    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(6);
    assertThat(refused.stderr())
        .contains("lakeml: LAKE_LOCKED: Cannot write to the lake: another writer holds " + location)
        .contains(holder.owner() + " (command test, run run-holding-the-lock");
    assertThat(WriterLock.holder(hadoop, location)).isEmpty();
  }

  @Test
  @Order(7)
  void aRerunAsOneApplicationChangesNothing() throws Exception {
    Instant started = Instant.now();
    Lakeml.Outcome rerun = submit("run");
    System.out.printf(
        "ClusterS3IT: rerun of every stage as one application in %d s%n",
        Duration.between(started, Instant.now()).toSeconds());

    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    for (String table : TABLES) {
      assertThat(version(table)).as("version of " + table).isEqualTo(versionsAfterFirst.get(table));
      assertThat(table(table).count())
          .as("rows of " + table)
          .isEqualTo(countsAfterFirst.get(table));
    }
    assertThat(spark.read().format("delta").load(lake("_lakeml/registry")).count()).isEqualTo(1);
    assertThat(rerun.stdout()).contains("v1 (up to date)").doesNotContain(" written");
  }

  @Test
  @Order(8)
  void theSecretKeyAppearsInNoOutputLogRunRecordOrObject() throws IOException {
    List<Path> files = new ArrayList<>(captured);
    for (Path folder : cluster.logFolders()) {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    byte[] secret = secretKey.getBytes(StandardCharsets.UTF_8);

    assertThat(files).hasSizeGreaterThan(STAGES.size() * 2 + 2);
    for (Path file : files) {
      assertThat(contains(Files.readAllBytes(file), secret)).as(file.toString()).isFalse();
    }
    assertThat(spark.read().format("delta").load(lake("_lakeml/runs")).toJSON().collectAsList())
        .hasSize(STAGES.size() * 2)
        .noneMatch(row -> row.contains(secretKey));
    List<Integer> objects = new ArrayList<>();
    s3.forEachObject(
        in -> {
          try {
            assertThat(contains(in.readAllBytes(), secret)).isFalse();
            objects.add(1);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    assertThat(objects).hasSizeGreaterThan(50);
  }

  private Lakeml.Outcome submit(String command) throws IOException, InterruptedException {
    List<String> args =
        List.of(
            Lakeml.REPO.resolve("deploy/spark-submit.sh").toString(),
            command,
            Lakeml.REPO.resolve("conf/pipelines/flights.conf").toString(),
            "--env",
            "cluster",
            "--master",
            cluster.master(),
            "--run-date",
            "2001-01-07",
            "--set",
            "sources.flights_csv.path=" + s3.uri("raw/flights"),
            "--set",
            "sources.flights_json.path=" + s3.uri("raw/flights-json"));
    Path stdout = Files.createTempFile(work, command + "-stdout", ".txt");
    Path stderr = Files.createTempFile(work, command + "-stderr", ".txt");
    captured.add(stdout);
    captured.add(stderr);
    ProcessBuilder builder =
        new ProcessBuilder(args)
            .directory(work.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> environment = builder.environment();
    environment.remove("SPARK_HOME"); // SparkSubmit from the project's jars, as in the README
    environment.putAll(s3.environment());
    environment.put("LAKE_ROOT", lake(""));
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    environment.put("LAKEML_DRIVER_MEMORY", "1g");
    environment.put("LAKEML_EXECUTOR_MEMORY", "2g");
    environment.put("JAVA_TOOL_OPTIONS", Lakeml.CHILD_JVM_OPTIONS);
    Process process = builder.start();
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(command + " did not finish in 10 minutes");
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    return new Lakeml.Outcome(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  private String lake(String relative) {
    return s3.uri(relative.isEmpty() ? "lake" : "lake/" + relative);
  }

  private Dataset<Row> table(String relative) {
    return spark.read().format("delta").load(lake(relative));
  }

  private long version(String relative) {
    return DeltaTable.forPath(spark, lake(relative)).history(1).first().getLong(0);
  }

  private Dataset<Row> local(String format, String folder) {
    return spark
        .read()
        .format(format)
        .option(format.equals("csv") ? "header" : "multiLine", "true")
        .load(Lakeml.REPO.resolve(folder).toString());
  }

  private static boolean contains(byte[] data, byte[] part) {
    outer:
    for (int start = 0; start <= data.length - part.length; start++) {
      for (int index = 0; index < part.length; index++) {
        if (data[start + index] != part[index]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
