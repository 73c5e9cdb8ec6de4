package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.delta.Lake;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.testing.TestLakes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
  /** Microsecond precision, as a Delta timestamp keeps it. */
  private static final Instant CREATED = Instant.parse("2024-03-10T10:02:03.123456Z");

  private static final Map<String, Long> INPUTS = Map.of("gold.flight_features", 3L);

  private Lake lake;
  private ModelRegistry registry;

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("registry");
    registry = new ModelRegistry(lake);
  }

  @Test
  void anEmptyRegistryHasNoModelsAndNextVersionOne() {
    assertThat(registry.models()).isEmpty();
    assertThat(registry.nextVersion("delay")).isEqualTo(1);
  }

  @Test
  void nextVersionFollowsTheModelsHighestVersion() {
    registry.register(version("delay", 1, INPUTS, "hash-1"));

    assertThat(registry.nextVersion("delay")).isEqualTo(2);
    assertThat(registry.nextVersion("cancel")).isEqualTo(1);
  }

  @Test
  void latestIsTheHighestVersionWithEveryField() {
    ModelVersion second = version("delay", 2, INPUTS, "hash-2");
    registry.register(second);
    registry.register(version("delay", 1, INPUTS, "hash-1"));
    registry.register(version("cancel", 3, INPUTS, "hash-1"));

    assertThat(registry.latest("delay")).isEqualTo(second);
  }

  @Test
  void latestOfAnUnknownModelNamesTheRegisteredModels() {
    registry.register(version("delay", 1, INPUTS, "hash-1"));
    registry.register(version("cancel", 1, INPUTS, "hash-1"));

    assertThatThrownBy(() -> registry.latest("diverted"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("model 'diverted'")
        .hasMessageContaining("(registered: cancel, delay)")
        .hasMessageContaining("run 'train' first")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
  }

  @Test
  void latestOnAnEmptyRegistrySaysNoneAreRegistered() {
    assertThatThrownBy(() -> registry.latest("delay"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("model 'delay'")
        .hasMessageContaining("(registered: none)")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
  }

  @Test
  void trainedFromMatchesOnlyTheSameInputsAndConfigHash() {
    ModelVersion first = version("delay", 1, INPUTS, "hash-1");
    registry.register(first);
    registry.register(version("delay", 2, Map.of("gold.flight_features", 4L), "hash-1"));

    assertThat(registry.trainedFrom("delay", Map.of("gold.flight_features", 3L), "hash-1"))
        .contains(first);
    assertThat(registry.trainedFrom("delay", Map.of("gold.flight_features", 5L), "hash-1"))
        .isEmpty();
    assertThat(registry.trainedFrom("delay", INPUTS, "hash-2")).isEmpty();
    assertThat(
            registry.trainedFrom(
                "delay", Map.of("gold.flight_features", 3L, "silver.weather", 1L), "hash-1"))
        .isEmpty();
    assertThat(registry.trainedFrom("cancel", INPUTS, "hash-1")).isEmpty();
  }

  @Test
  void trainedFromOnAnEmptyRegistryIsEmpty() {
    assertThat(registry.trainedFrom("delay", INPUTS, "hash-1")).isEmpty();
  }

  @Test
  void modelsListsEveryModelOnceInNameOrder() {
    registry.register(version("delay", 1, INPUTS, "hash-1"));
    registry.register(version("delay", 2, INPUTS, "hash-1"));
    registry.register(version("cancel", 1, INPUTS, "hash-1"));

    assertThat(registry.models()).containsExactly("cancel", "delay");
  }

  private ModelVersion version(String model, int number, Map<String, Long> inputs, String hash) {
    return new ModelVersion(
        model,
        number,
        CREATED.plusSeconds(number),
        "gbt",
        Map.of("maxIter", "3"),
        Map.of("auc_roc", 0.75 + number / 100.0, "accuracy", 0.5),
        List.of("x", "segment"),
        150,
        50,
        inputs,
        hash,
        "0.1.0-test",
        lake.layout().modelVersion(model, number));
  }
}
