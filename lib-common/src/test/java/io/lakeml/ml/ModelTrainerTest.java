package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.FeatureSpec;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.SplitSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestLakes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains one model once; every test reads that version, its files or its registry row. */
class ModelTrainerTest {
  private static final int TABLE_ROWS = 200;

  private static Lake lake;
  private static TableId gold;
  private static ModelSpec spec;
  private static Map<String, Long> inputs;
  private static ModelVersion trained;

  @BeforeAll
  static void trainOnce() {
    lake = TestLakes.fresh("trainer");
    gold = TestLakes.uniqueTable(Layer.GOLD, "flight_features");
    lake.overwrite(
        gold, Learnable.binary(TABLE_ROWS, 11), List.of(), new Lineage(Map.of(), "features"));
    spec =
        Learnable.spec(
            "delay",
            gold,
            Task.BINARY_CLASSIFICATION,
            Algorithm.LOGISTIC_REGRESSION,
            Map.of("maxIter", "3"));
    inputs = Map.of(gold.toString(), lake.version(gold));
    trained =
        ModelTrainer.train(lake, spec, lake.snapshot(gold, "curate"), 1, "0.1.0-test", "run-1")
            .version();
  }

  @Test
  void trainsVersionOneWithMetricsRowCountsAndInputs() {
    assertThat(trained.model()).isEqualTo("delay");
    assertThat(trained.version()).isEqualTo(1);
    assertThat(trained.algorithm()).isEqualTo("logistic-regression");
    assertThat(trained.params()).isEqualTo(Map.of("maxIter", "3"));
    assertThat(trained.features()).containsExactly("x", "segment");
    assertThat(trained.metrics())
        .containsOnlyKeys("auc_roc", "auc_pr", "log_loss", "accuracy", "f1", "threshold");
    assertThat(trained.metrics().get("auc_roc")).isGreaterThan(0.8);
    assertThat(trained.trainRows() + trained.testRows()).isEqualTo(TABLE_ROWS);
    assertThat(trained.testRows()).isPositive().isLessThan(trained.trainRows());
    assertThat(trained.inputs()).isEqualTo(Map.of(gold.toString(), 0L));
    assertThat(trained.configHash()).isEqualTo(spec.configHash());
    assertThat(trained.codeVersion()).isEqualTo("0.1.0-test");
    assertThat(trained.location()).isEqualTo(lake.layout().root() + "/models/delay/v1");
  }

  @Test
  void savesAPipelineThatLoadsAndPredicts() {
    PipelineModel loaded = PipelineModel.load(trained.pipelineLocation());

    Dataset<Row> predictions = loaded.transform(Learnable.binary(10, 12));

    assertThat(predictions.where("prediction IS NOT NULL").count()).isEqualTo(10);
  }

  @Test
  void writesMetadataJsonBesideThePipeline() throws IOException {
    Path file = Path.of(URI.create(trained.metadataLocation()));

    JsonNode metadata = new ObjectMapper().readTree(Files.readString(file));

    assertThat(file.getParent()).isEqualTo(Path.of(URI.create(trained.location())));
    assertThat(metadata.get("model").asText()).isEqualTo("delay");
    assertThat(metadata.get("version").asInt()).isEqualTo(1);
    assertThat(metadata.get("created_at").asText()).isEqualTo(trained.createdAt().toString());
    assertThat(new ObjectMapper().convertValue(metadata.get("metrics"), Map.class))
        .isEqualTo(trained.metrics());
    assertThat(metadata.get("train_rows").asLong()).isEqualTo(trained.trainRows());
    assertThat(metadata.get("test_rows").asLong()).isEqualTo(trained.testRows());
    assertThat(metadata.get("inputs").get(gold.toString()).asLong()).isZero();
    assertThat(metadata.get("location").asText()).isEqualTo(trained.location());
  }

  @Test
  void registersTheVersionAsTheLatest() {
    ModelVersion latest = new ModelRegistry(lake).latest("delay");

    assertThat(latest)
        .usingRecursiveComparison()
        .ignoringFields("createdAt", "dropped")
        .isEqualTo(trained);
    assertThat(latest.createdAt()).isEqualTo(trained.createdAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void aMissingFeatureColumnNamesTheColumnsAndTheTable() {
    ModelSpec missing =
        new ModelSpec(
            "delay",
            gold,
            Task.BINARY_CLASSIFICATION,
            "arrived_late",
            FeatureSpec.of(List.of("x", "distance"), List.of("segment")),
            Optional.of(Algorithm.GBT),
            Map.of(),
            SplitSpec.random(0.25, 7),
            spec.automl(),
            gold,
            new TableId(Layer.GOLD, "delay_predictions"),
            0.001,
            "hash");

    assertThatThrownBy(
            () ->
                ModelTrainer.train(
                    lake, missing, lake.snapshot(gold, "curate"), 2, "0.1.0-test", "run-2"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("models.delay")
        .hasMessageContaining("columns [distance, arrived_late] are not in " + gold)
        .hasMessageContaining("its columns are [x, segment, label]")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }
}
