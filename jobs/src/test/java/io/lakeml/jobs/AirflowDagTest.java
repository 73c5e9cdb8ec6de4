package io.lakeml.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/airflow/dags/lakeml_flights.py compiles with Python 3, and every command line it would run
 * is one lakeml accepts. Airflow is not installed here: the DAG file runs against small recording
 * stand-ins of the Airflow modules it imports (src/test/resources/airflow/stubs), which reject
 * arguments Airflow would reject and render {@code {{ ds }}} for a given date.
 */
class AirflowDagTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path DAG = REPO.resolve("deploy/airflow/dags/lakeml_flights.py");
  private static final Path HARNESS = Path.of("src/test/resources/airflow").toAbsolutePath();
  private static final List<String> STAGES =
      List.of("ingest", "refine", "curate", "train", "score");

  @Test
  void dagFileCompilesWithPython3() throws Exception {
    Result compiled = python(Map.of(), "-m", "py_compile", DAG.toString());

    assertThat(compiled.exitCode()).as(compiled.errors()).isZero();
  }

  @Test
  void everyStageRunsInOrderAfterTheDaysFileHasLanded() throws Exception {
    JsonNode dag = record(Map.of(), "2001-01-07");
    JsonNode arguments = dag.get("arguments");

    assertThat(dag.get("dag_id").asText()).isEqualTo("lakeml_flights");
    assertThat(arguments.get("catchup").asBoolean()).isFalse();
    assertThat(arguments.get("max_active_runs").asInt()).isEqualTo(1);
    assertThat(arguments.at("/schedule/cron").asText()).isEqualTo("@daily");
    assertThat(arguments.at("/default_args/retries").asInt()).isPositive();
    assertThat(taskIds(dag))
        .containsExactly("raw_flights_landed", "ingest", "refine", "curate", "train", "score");
    for (JsonNode task : dag.get("tasks")) {
      List<String> downstream = new ArrayList<>();
      task.get("downstream").forEach(id -> downstream.add(id.asText()));
      int next = taskIds(dag).indexOf(task.get("task_id").asText()) + 1;
      assertThat(downstream)
          .as(task.get("task_id").asText())
          .isEqualTo(next < taskIds(dag).size() ? List.of(taskIds(dag).get(next)) : List.of());
    }
    JsonNode sensor = dag.get("tasks").get(0);
    assertThat(sensor.get("operator").asText()).isEqualTo("S3KeySensor");
    assertThat(sensor.at("/arguments/bucket_key").asText())
        .isEqualTo("s3://lakeml/lake/raw/flights/flights-2001-01-07.csv");
    assertThat(sensor.at("/arguments/mode").asText()).isEqualTo("reschedule");
  }

  @Test
  void localDropsAreWatchedAsFilesNamedLikeTheSample() throws Exception {
    Path drops = REPO.resolve("data/sample/flights");
    JsonNode dag =
        record(Map.of("LAKEML_ENV", "local", "LAKEML_RAW_FLIGHTS", drops.toString()), "2001-01-05");
    JsonNode sensor = dag.get("tasks").get(0);

    assertThat(sensor.get("operator").asText()).isEqualTo("FileSensor");
    assertThat(Path.of(sensor.at("/arguments/filepath").asText())).isRegularFile();
  }

  @Test
  void everyCommandOfTheDefaultDeploymentIsAcceptedByLakeml() throws Exception {
    assertCommandsAccepted(record(Map.of(), "2001-01-07"), "2001-01-07", "cluster");
  }

  @Test
  void everyCommandOfALocalDeploymentIsAcceptedByLakeml() throws Exception {
    assertCommandsAccepted(
        record(Map.of("LAKEML_ENV", "local"), "2001-01-05"), "2001-01-05", "local");
  }

  /**
   * Each task runs {@code deploy/spark-submit.sh STAGE PIPELINE --run-date DS --env ENV} with
   * LAKE_ROOT in its environment; the wrapper hands {@code STAGE PIPELINE --run-date DS} to lakeml
   * with {@code -Dconfig.file=conf/ENV.conf}. That argument list must parse, and {@code lakeml
   * validate} must accept the pipeline under that configuration and lake ({@code --lake} stands for
   * LAKE_ROOT, which this JVM cannot set).
   */
  private static void assertCommandsAccepted(JsonNode dag, String ds, String environment) {
    List<String> stages = new ArrayList<>();
    for (JsonNode task : dag.get("tasks")) {
      if (!task.has("argv")) {
        continue;
      }
      List<String> argv = new ArrayList<>();
      task.get("argv").forEach(word -> argv.add(word.asText()));
      stages.add(argv.get(1));
      String lake = task.at("/arguments/env/LAKE_ROOT").asText();

      assertThat(task.at("/arguments/cwd").asText()).isEqualTo(REPO.toString());
      assertThat(task.at("/arguments/append_env").asBoolean()).isTrue();
      assertThat(lake).isNotBlank();
      assertThat(argv).hasSize(7);
      assertThat(Path.of(argv.get(0))).isEqualTo(REPO.resolve("deploy/spark-submit.sh"));
      assertThat(Path.of(argv.get(0))).isExecutable();
      assertThat(argv.get(1)).isEqualTo(task.get("task_id").asText());
      assertThat(argv.subList(3, 7)).containsExactly("--run-date", ds, "--env", environment);
      Path configFile = REPO.resolve("conf/" + environment + ".conf");
      assertThat(configFile).isRegularFile();

      ConfiguredLakeml.Outcome parsed =
          ConfiguredLakeml.execute(
              configFile, argv.get(1), argv.get(2), "--run-date", ds, "--help");
      assertThat(parsed.exitCode()).as(parsed.err()).isZero();
      ConfiguredLakeml.Outcome validated =
          ConfiguredLakeml.execute(configFile, "validate", argv.get(2), "--lake", lake);
      assertThat(validated.exitCode()).as(validated.err()).isZero();
      assertThat(validated.out()).contains("Pipeline flights is valid. Lake: " + lake);
    }
    assertThat(stages).isEqualTo(STAGES);
  }

  private static List<String> taskIds(JsonNode dag) {
    List<String> ids = new ArrayList<>();
    dag.get("tasks").forEach(task -> ids.add(task.get("task_id").asText()));
    return ids;
  }

  /** The one DAG the file declares, recorded with LAKEML_HOME set to this repository. */
  private static JsonNode record(Map<String, String> environment, String ds) throws Exception {
    Map<String, String> variables = new HashMap<>(environment);
    variables.put("LAKEML_HOME", REPO.toString());
    variables.put("PYTHONPATH", HARNESS.resolve("stubs").toString());
    Result recorded =
        python(variables, HARNESS.resolve("record_dag.py").toString(), DAG.toString(), ds);
    assertThat(recorded.exitCode()).as(recorded.errors()).isZero();
    JsonNode dags = new ObjectMapper().readTree(recorded.output());
    assertThat(dags).hasSize(1);
    return dags.get(0);
  }

  private record Result(int exitCode, String output, String errors) {}

  private static Result python(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile("python", ".out");
    Path errors = Files.createTempFile("python", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile());
    builder.environment().remove("LAKEML_ENV");
    builder.environment().remove("LAKEML_RAW_FLIGHTS");
    builder.environment().remove("LAKE_ROOT");
    builder.environment().putAll(environment);
    // Compiled files go to target/, not beside the DAG.
    builder.environment().put("PYTHONPYCACHEPREFIX", Path.of("target/pycache").toString());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("python3 finished").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Result(
        process.exitValue(),
        Files.readString(output, StandardCharsets.UTF_8),
        Files.readString(errors, StandardCharsets.UTF_8));
  }
}
