package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.automl.Leaderboard;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.score.Scoring;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestLakes;
import io.lakeml.testing.TestSpark;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A three-class model (low, mid, high) searched by AutoML, with early stopping and class weights:
 * trained once; the tests read its metrics, leaderboard, card, scores and promotion.
 */
class MulticlassTest {
  private static final Task TASK = Task.MULTICLASS_CLASSIFICATION;
  private static Lake lake;
  private static TableId gold;
  private static TrainingResult result;

  @BeforeAll
  static void trainOnce() {
    lake = TestLakes.fresh("multiclass");
    gold = TestLakes.uniqueTable(Layer.GOLD, "thirds");
    lake.overwrite(gold, Learnable.multiclass(300, 61), List.of(), new Lineage(Map.of(), "thirds"));
    ModelSpec spec =
        Learnable.searched(
            "thirds",
            gold,
            TASK,
            Learnable.automl(
                TASK, List.of(Algorithm.XGBOOST, Algorithm.LOGISTIC_REGRESSION), 2, 0, 1, 5, true));
    result = ModelTrainer.train(lake, spec, lake.snapshot(gold, "curate"), 1, "test", "run-1");
  }

  @Test
  void theChampionIsRankedAndEvaluatedByMulticlassMetrics() {
    assertThat(result.metrics()).containsOnlyKeys("log_loss", "accuracy", "f1");
    assertThat(result.metrics().get("accuracy")).isGreaterThan(0.8);
    assertThat(result.metrics().get("f1")).isGreaterThan(0.8);
    assertThat(result.version().metric()).isEqualTo("log_loss");
    assertThat(Leaderboard.read(lake, "thirds", 1))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.<String>getAs("metric")).isEqualTo("log_loss"));
  }

  @Test
  void theSavedModelScoresWithTheLabelValues() {
    PipelineModel loaded = PipelineModel.load(result.version().pipelineLocation());

    Dataset<Row> scored =
        Scoring.score(loaded, Learnable.multiclass(60, 62), TASK, 1, "run-2").cache();

    assertThat(scored.select("prediction").distinct().collectAsList())
        .extracting(row -> row.getString(0))
        .isSubsetOf("low", "mid", "high");
    assertThat(scored.where(col("probability").between(1.0 / 3, 1.0)).count()).isEqualTo(60);
    assertThat(scored.where(col("prediction").equalTo(col("label"))).count()).isGreaterThan(48);
  }

  @Test
  void theCardShowsAConfusionMatrixOfTheClassesInsteadOfCurves() throws IOException {
    Path card = Path.of(URI.create(result.version().cardLocation()));

    assertThat(card.resolve("confusion.png")).exists();
    assertThat(card.resolve("roc.png")).doesNotExist();
    assertThat(card.resolve("calibration.png")).doesNotExist();
    assertThat(Files.readString(card.resolve("index.html")))
        .contains("test rows with label high", "test rows with label low", "log_loss");
  }

  @Test
  void aLaterVersionIsComparedWithTheChampionOnItsTestRowsWhenTheyShareTheirClasses() {
    ModelRegistry registry = new ModelRegistry(lake);
    List<String> columns = List.of("x", "segment");
    Dataset<Row> allClasses =
        Training.prepare(Learnable.multiclass(90, 63), columns, "label", TASK);
    Dataset<Row> twoClasses =
        Training.prepare(
            Learnable.multiclass(90, 64).where(col("label").notEqual("high")),
            columns,
            "label",
            TASK);

    ModelVersion second = Promotion.decide(registry, registered(registry, 2), allClasses, TASK, 0);
    ModelVersion third = Promotion.decide(registry, registered(registry, 3), twoClasses, TASK, 0);

    assertThat(second.standing().decision())
        .containsPattern("log_loss [0-9.]+ vs [0-9.]+ on v2's [0-9]+ test rows");
    assertThat(third.standing().decision())
        .containsPattern(
            "not compared: champion v[12] predicts the classes \\[high, low, mid\\], v3 \\[low,"
                + " mid\\]");
  }

  /** Version {@code number}: the trained pipeline registered once more. */
  private static ModelVersion registered(ModelRegistry registry, int number) {
    ModelVersion first = result.version();
    ModelVersion again =
        new ModelVersion(
            first.model(),
            number,
            first.createdAt(),
            first.algorithm(),
            first.params(),
            first.metrics(),
            first.features(),
            first.trainRows(),
            first.testRows(),
            first.inputs(),
            first.configHash(),
            first.codeVersion(),
            first.location(),
            first.metric(),
            first.declaration(),
            first.featuresDropped(),
            Standing.registered());
    registry.register(again);
    return again;
  }

  @Test
  void anIntegerLabelIsIndexedByItsValuesAsText() {
    StructType schema =
        new StructType().add("x", DataTypes.DoubleType).add("label", DataTypes.IntegerType);
    Dataset<Row> rows =
        TestSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(0.1, 10),
                    RowFactory.create(0.2, 2),
                    RowFactory.create(0.3, 7),
                    RowFactory.create(0.4, null)),
                schema);

    Dataset<Row> prepared = Training.prepare(rows, List.of("x"), "label", TASK);

    assertThat(Training.classes(prepared.schema())).containsExactly("10", "2", "7");
    assertThat(prepared.orderBy("x").collectAsList())
        .extracting(row -> row.getDouble(1))
        .containsExactly(0.0, 1.0, 2.0);
  }
}
