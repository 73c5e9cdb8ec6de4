package io.lakeml.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry through the command line, on a small pipeline run once: v1 learns from {@code x}
 * (which decides the label) and becomes champion; v2, declared without {@code x}, does not beat it
 * and becomes challenger. Tests run in order because promote and rollback change the registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelsCommandTest {
  private static final String MODEL = "points_model";
  private static final String WITHOUT_X = "models.points_model.features.numeric=[]";

  @TempDir static Path dir;
  private static Path pipeline;
  private static String lake;
  private static Path settings;

  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void trainTwoVersions() throws IOException {
    Path data = Files.createDirectories(dir.resolve("points"));
    Random random = new Random(3);
    StringBuilder csv = new StringBuilder("id,x,segment,label\n");
    for (int id = 0; id < 300; id++) {
      double x = random.nextDouble();
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.5f,%s,%d%n",
              id,
              x,
              "abc".charAt(random.nextInt(3)),
              x > 0.5 ? 1 : 0));
    }
    Files.writeString(data.resolve("points.csv"), csv);
    pipeline = dir.resolve("points.conf");
    Files.writeString(
        pipeline,
        """
        name = points
        sources.points { path = "points", options.header = true
                         schema = "id INT, x DOUBLE, segment STRING, label INT" }
        tables.silver.points { source = bronze.points, key = [id]
                               schema = "id INT, x DOUBLE, segment STRING, label INT" }
        tables.gold.point_features.sql = "SELECT id, x, segment, label FROM silver.points"
        models.points_model {
          table = gold.point_features
          label = label
          features { numeric = [x], categorical = [segment] }
          algorithm = logistic-regression
          params.max-iter = 10
          # x alone decides the label: the leak check must report it, not drop it.
          checks.enforce = false
        }
        """);
    settings = LocalSettings.write(dir);
    lake = dir.resolve("lake").toString();
    ModelsCommandTest test = new ModelsCommandTest();
    assertThat(test.lakeml("run", pipeline.toString())).as(test.err.toString()).isZero();
    assertThat(test.lakeml("train", pipeline.toString(), "--set", WITHOUT_X))
        .as(test.err.toString())
        .isZero();
    assertThat(test.out.toString())
        .contains("v2, logistic-regression", "challenger: does not beat");
  }

  @Test
  @Order(1)
  void listPrintsEveryVersionWithAliasStatusAndMetric() {
    assertThat(lakeml("models", "list", MODEL)).isZero();

    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("model", "version", "alias", "status", "algorithm", "metric", "created");
    assertThat(lines.get(1).split("\\s+"))
        .startsWith(MODEL, "1", "champion", "champion", "logistic-regression");
    assertThat(lines.get(2).split("\\s+"))
        .startsWith(MODEL, "2", "challenger", "candidate", "logistic-regression");
    assertThat(lines.get(1)).containsPattern("auc_roc=(0\\.9\\d{3}|1\\.0000)");
    assertThat(lines).hasSize(3);
  }

  @Test
  @Order(2)
  void showPrintsOneVersionsFullRecord() {
    assertThat(lakeml("models", "show", MODEL, "2")).isZero();

    assertThat(out.toString())
        .contains("alias:            challenger")
        .contains("decision:         does not beat champion v1 by 0.1%: auc_roc")
        .contains("inputs:           {gold.point_features=0}")
        .contains("features:         [segment]")
        .containsPattern("config hash:\\s+[0-9a-f]{64}")
        .contains("/models/points_model/v2/card/index.html")
        .contains("declaration:", "numeric=[]", "table=\"gold.point_features\"");
  }

  @Test
  @Order(3)
  void reproduceRetrainsFromTheRecordedVersionWithEqualMetricsAndRegistersNothing() {
    assertThat(lakeml("train", pipeline.toString(), "--reproduce", MODEL + ":1"))
        .as(err.toString())
        .isZero();

    String report = out.toString();
    assertThat(report)
        .contains("reproduce points_model v1 from gold.point_features at Delta version 0")
        .contains("config hash as registered");
    List<String> metrics =
        report.lines().filter(line -> line.matches("(auc_roc|auc_pr|accuracy|f1)\\s.*")).toList();
    assertThat(metrics).hasSize(4);
    assertThat(metrics).allSatisfy(line -> assertThat(line).endsWith(" 0.000000"));
    assertThat(lakeml("models", "list", MODEL)).isZero();
    assertThat(out.toString().lines())
        .hasSize(3)
        .anyMatch(line -> line.matches(MODEL + "\\s+1\\s+champion.*"));
  }

  @Test
  @Order(4)
  void promoteForcesAChampionThatScoreUsesAndRollbackRestoresThePreviousOne() {
    assertThat(lakeml("models", "promote", MODEL, "2")).isZero();
    assertThat(out.toString()).contains("points_model v2 is champion (before: v1)");
    assertThat(lakeml("score", pipeline.toString())).as(err.toString()).isZero();
    assertThat(versionsScored()).containsExactly("2");

    assertThat(lakeml("models", "rollback", MODEL)).isZero();
    assertThat(out.toString()).contains("points_model v1 is champion again (v2 rolled back)");
    assertThat(lakeml("models", "list", MODEL)).isZero();
    assertThat(out.toString().lines())
        .anyMatch(line -> line.matches(MODEL + "\\s+1\\s+champion\\s+champion.*"))
        .anyMatch(line -> line.matches(MODEL + "\\s+2\\s+-\\s+rolled-back.*"));

    assertThat(lakeml("models", "rollback", MODEL)).isEqualTo(3);
    assertThat(err.toString()).contains("its champion v1 has no former champion to restore");
  }

  @Test
  @Order(5)
  void unknownModelsVersionsAndReferencesAreClearErrors() {
    assertThat(lakeml("models", "show", "nope", "1")).isEqualTo(3);
    assertThat(err.toString())
        .contains("lakeml: MODEL_NOT_FOUND: Cannot use model 'nope'")
        .contains("(registered: points_model)")
        .doesNotContain("\tat ");
    assertThat(lakeml("models", "promote", MODEL, "9")).isEqualTo(3);
    assertThat(err.toString()).contains("Cannot use version 9 of model 'points_model'");
    assertThat(lakeml("train", pipeline.toString(), "--reproduce", MODEL + ":9")).isEqualTo(3);
    assertThat(lakeml("train", pipeline.toString(), "--reproduce", MODEL)).isEqualTo(2);
    assertThat(err.toString()).contains("expected <model>:<version>");
  }

  /** The model versions in the predictions table, as {@code lakeml sql} prints them. */
  private List<String> versionsScored() {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    PrintStream standard = System.out;
    System.setOut(new PrintStream(shown, true, StandardCharsets.UTF_8));
    try {
      assertThat(
              lakeml(
                  "sql",
                  "SELECT DISTINCT model_version AS scored_by FROM gold.points_model_predictions"))
          .isZero();
    } finally {
      System.setOut(standard);
    }
    return shown
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.matches("\\|\\d+\\s*\\|"))
        .map(line -> line.replaceAll("[|\\s]", ""))
        .toList();
  }

  private int lakeml(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--lake", lake, "--conf", settings.toString()));
    return Lakeml.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
  }
}
