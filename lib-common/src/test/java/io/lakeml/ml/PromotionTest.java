package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.Standing.Alias;
import io.lakeml.ml.Standing.Status;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.FeatureSpec;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.SplitSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestLakes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three versions trained from one table: v1 from the uninformative {@code segment} only, v2 from
 * {@code x} (which decides the label), v3 from {@code segment} again. Each registration is decided
 * against the champion on the new version's own test rows.
 */
class PromotionTest {
  private static final double MIN_IMPROVEMENT = 0.001;
  private static Lake lake;
  private static ModelRegistry registry;
  private static ModelVersion first;
  private static ModelVersion second;
  private static ModelVersion third;

  @BeforeAll
  static void trainThreeVersions() {
    lake = TestLakes.fresh("promotion");
    TableId gold = TestLakes.uniqueTable(Layer.GOLD, "points");
    lake.overwrite(gold, Learnable.binary(300, 21), List.of(), new Lineage(Map.of(), "points"));
    registry = new ModelRegistry(lake);
    first = train(gold, List.of(), 1);
    second = train(gold, List.of("x"), 2);
    third = train(gold, List.of(), 3);
  }

  @Test
  void theFirstVersionBecomesChampion() {
    assertThat(first.standing().isChampion()).isTrue();
    assertThat(first.standing().decision()).isEqualTo("first version of the model");
  }

  @Test
  void aVersionThatBeatsTheChampionOnItsTestRowsReplacesIt() {
    assertThat(second.standing().isChampion()).isTrue();
    assertThat(second.standing().decision())
        .startsWith("beats v1: auc_roc " + String.format(Locale.ROOT, "%.4f", second.score()))
        .endsWith("on v2's " + second.testRows() + " test rows");
    assertThat(registry.version("delay", 1).standing().status()).isEqualTo(Status.ARCHIVED);
  }

  @Test
  void aVersionThatDoesNotBeatTheChampionBecomesChallenger() {
    assertThat(third.standing().alias()).contains(Alias.CHALLENGER);
    assertThat(third.standing().status()).isEqualTo(Status.CANDIDATE);
    // The champion, which reads x, was scored on v3's test rows although v3 does not use x.
    assertThat(third.standing().decision())
        .startsWith("does not beat champion v2 by 0.1%: auc_roc")
        .endsWith("on v3's " + third.testRows() + " test rows");
    assertThat(registry.champion("delay").version()).isEqualTo(2);
  }

  @Test
  void aGainBelowTheMarginKeepsTheChampion() {
    assertThat(Promotion.beats("auc_roc", 0.7807, 0.78, MIN_IMPROVEMENT)).isFalse();
    assertThat(Promotion.beats("auc_roc", 0.7808, 0.78, MIN_IMPROVEMENT)).isTrue();
    assertThat(Promotion.beats("rmse", 9.991, 10, MIN_IMPROVEMENT)).isFalse();
    assertThat(Promotion.beats("rmse", 9.98, 10, MIN_IMPROVEMENT)).isTrue();
    // Without a margin any strict gain wins, and a tie never does.
    assertThat(Promotion.beats("auc_roc", 0.780001, 0.78, 0)).isTrue();
    assertThat(Promotion.beats("auc_roc", 0.78, 0.78, 0)).isFalse();
    assertThat(Promotion.beats("log_loss", 0.5, 0.5, 0)).isFalse();
  }

  @Test
  void theRegistryHoldsOneChampionAndOneChallenger() {
    assertThat(registry.versions("delay"))
        .extracting(version -> version.standing().alias().map(Alias::toString).orElse("-"))
        .containsExactly("-", "champion", "challenger");
  }

  private static ModelVersion train(TableId gold, List<String> numeric, int version) {
    ModelSpec learnable =
        Learnable.spec(
            "delay", gold, Task.BINARY_CLASSIFICATION, Algorithm.LOGISTIC_REGRESSION, Map.of());
    ModelSpec spec =
        new ModelSpec(
            "delay",
            gold,
            Task.BINARY_CLASSIFICATION,
            "label",
            FeatureSpec.of(numeric, List.of("segment")),
            Optional.of(Algorithm.LOGISTIC_REGRESSION),
            Map.of("maxIter", "10"),
            SplitSpec.random(0.3, 5),
            learnable.automl(),
            gold,
            new TableId(Layer.GOLD, "delay_predictions"),
            MIN_IMPROVEMENT,
            "{\"features\":" + numeric.size() + "}");
    return ModelTrainer.train(
            lake, spec, lake.snapshot(gold, "curate"), version, "0.1.0-test", "run-" + version)
        .version();
  }
}
