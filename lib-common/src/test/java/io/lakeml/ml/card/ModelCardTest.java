package io.lakeml.ml.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.ModelTrainer;
import io.lakeml.ml.ModelVersion;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestLakes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cards written by training, opened in headless Chromium: the page and every chart load. */
class ModelCardTest {
  private static ModelVersion binary;
  private static ModelVersion regression;

  @BeforeAll
  static void trainTwoModels() {
    Lake lake = TestLakes.fresh("card");
    binary = train(lake, Task.BINARY_CLASSIFICATION, Learnable.binary(300, 31));
    regression = train(lake, Task.REGRESSION, Learnable.regression(300, 32));
  }

  @Test
  void aClassifiersCardShowsCurvesCalibrationConfusionImportanceAndLeaderboard()
      throws IOException, InterruptedException {
    Path card = folder(binary);

    assertThat(pngs(card))
        .containsExactlyInAnyOrder(
            "roc.png",
            "pr.png",
            "calibration.png",
            "confusion.png",
            "importance.png",
            "leaderboard.png");
    assertThat(Chromium.images(card.resolve("index.html")))
        .containsOnlyKeys(pngs(card))
        .allSatisfy((image, state) -> assertThat(state).as(image).isEqualTo("loaded"));
    String page = Files.readString(card.resolve("index.html"));
    assertThat(page)
        .contains("<h1>" + binary.model() + " v1</h1>", "Delta version 0", binary.configHash())
        .contains("auc_roc (compared by)", "test rows with label 1", "0.1.0-test");
  }

  @Test
  void aRegressionsCardShowsResiduals() throws IOException, InterruptedException {
    Path card = folder(regression);

    assertThat(pngs(card))
        .containsExactlyInAnyOrder(
            "residuals.png", "residual-histogram.png", "importance.png", "leaderboard.png");
    assertThat(Chromium.images(card.resolve("index.html")))
        .containsOnlyKeys(pngs(card))
        .allSatisfy((image, state) -> assertThat(state).as(image).isEqualTo("loaded"));
  }

  @Test
  void aMissingOrCorruptChartIsReportedBroken() throws IOException, InterruptedException {
    Path copy = Files.createTempDirectory("card-copy");
    try (Stream<Path> files = Files.list(folder(binary))) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Files.delete(copy.resolve("roc.png"));
    Files.writeString(copy.resolve("pr.png"), "not a png");

    Map<String, String> images = Chromium.images(copy.resolve("index.html"));

    assertThat(images).containsEntry("roc.png", "broken").containsEntry("pr.png", "broken");
    assertThat(images).containsEntry("calibration.png", "loaded");
  }

  private static ModelVersion train(Lake lake, Task task, Dataset<Row> rows) {
    TableId gold = TestLakes.uniqueTable(Layer.GOLD, "points");
    lake.overwrite(gold, rows, List.of(), new Lineage(Map.of(), "points"));
    return ModelTrainer.train(
            lake,
            Learnable.spec(gold.name(), gold, task, Algorithm.GBT, Map.of("maxIter", "5")),
            lake.snapshot(gold, "curate"),
            1,
            "0.1.0-test",
            "run-1")
        .version();
  }

  private static Path folder(ModelVersion version) {
    return Path.of(URI.create(version.cardLocation()));
  }

  private static List<String> pngs(Path card) throws IOException {
    try (Stream<Path> files = Files.list(card)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".png"))
          .toList();
    }
  }
}
