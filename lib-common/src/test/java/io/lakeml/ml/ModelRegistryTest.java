package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.SystemTable;
import io.lakeml.ml.Standing.Alias;
import io.lakeml.ml.Standing.Status;
import io.lakeml.testing.TestLakes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
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

  @Test
  void registeredRowsKeepTheDeclarationDroppedFeaturesAndStanding() {
    ModelVersion first = version("delay", 1, INPUTS, "hash-1");
    registry.register(first);

    ModelVersion read = registry.version("delay", 1);

    assertThat(read).isEqualTo(first);
    assertThat(read.declaration()).isEqualTo("{\"label\":\"delayed\"}");
    assertThat(read.featuresDropped()).isEqualTo(Map.of("tail_number", "id-like"));
    assertThat(read.standing()).isEqualTo(Standing.registered());
  }

  @Test
  void promotingMakesOneChampionAndArchivesTheFormerOne() {
    registerVersions("delay", 3);

    registry.promote("delay", 1, "first version of the model");
    ModelVersion second = registry.promote("delay", 2, "beats v1");

    assertThat(second.standing().isChampion()).isTrue();
    assertThat(second.standing().status()).isEqualTo(Status.CHAMPION);
    assertThat(second.standing().decision()).isEqualTo("beats v1");
    assertThat(registry.champion("delay")).isEqualTo(second);
    ModelVersion first = registry.version("delay", 1);
    assertThat(first.standing().alias()).isEmpty();
    assertThat(first.standing().status()).isEqualTo(Status.ARCHIVED);
    assertThat(first.standing().championSince()).isPresent();
    assertThat(first.standing().decision()).isEqualTo("replaced by v2: beats v1");
    assertThat(registry.version("delay", 3).standing()).isEqualTo(Standing.registered());
  }

  @Test
  void promotingTheChampionAgainCommitsNothing() {
    registerVersions("delay", 1);
    registry.promote("delay", 1, "first version of the model");
    long before = registryVersion();

    registry.promote("delay", 1, "forced");

    assertThat(registryVersion()).isEqualTo(before);
  }

  @Test
  void aNewChallengerTakesTheAliasFromTheOldOne() {
    registerVersions("delay", 3);
    registry.promote("delay", 1, "first version of the model");

    registry.challenge("delay", 2, "does not beat champion v1");
    ModelVersion third = registry.challenge("delay", 3, "does not beat champion v1");

    assertThat(third.standing().alias()).contains(Alias.CHALLENGER);
    assertThat(third.standing().status()).isEqualTo(Status.CANDIDATE);
    assertThat(registry.version("delay", 2).standing().alias()).isEmpty();
    assertThat(registry.version("delay", 2).standing().decision())
        .isEqualTo("does not beat champion v1");
    assertThat(registry.champion("delay").version()).isEqualTo(1);
  }

  @Test
  void forcingTheChallengerMakesItChampionWithoutAChallengerLeft() {
    registerVersions("delay", 2);
    registry.promote("delay", 1, "first version of the model");
    registry.challenge("delay", 2, "does not beat champion v1");

    registry.promote("delay", 2, "promoted by hand");

    assertThat(aliases("delay")).containsExactly(entry(2, "champion"));
  }

  @Test
  void rollbackWalksBackThroughFormerChampionsThenFails() {
    registerVersions("delay", 3);
    registry.promote("delay", 1, "first version of the model");
    registry.promote("delay", 2, "beats v1");
    registry.promote("delay", 3, "beats v2");

    assertThat(registry.rollback("delay").version()).isEqualTo(2);
    assertThat(registry.version("delay", 3).standing().status()).isEqualTo(Status.ROLLED_BACK);
    assertThat(registry.version("delay", 3).standing().decision()).isEqualTo("rolled back to v2");
    assertThat(registry.rollback("delay").version()).isEqualTo(1);
    assertThat(registry.champion("delay").standing().decision())
        .isEqualTo("restored by rollback from v2");
    assertThatThrownBy(() -> registry.rollback("delay"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Cannot roll back model 'delay': its champion v1 has no former")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
  }

  @Test
  void everyVersionOfTheRegistryHasAtMostOneChampionPerModel() {
    registerVersions("delay", 3);
    registerVersions("cancel", 2);
    registry.promote("delay", 1, "first");
    registry.promote("cancel", 1, "first");
    registry.challenge("delay", 2, "loses");
    registry.promote("delay", 2, "forced");
    registry.promote("delay", 3, "beats v2");
    registry.promote("cancel", 2, "beats v1");
    registry.rollback("delay");
    registry.rollback("cancel");

    String location = lake.layout().system(SystemTable.REGISTRY);
    for (long delta = 0; delta <= registryVersion(); delta++) {
      List<Row> champions =
          lake.spark()
              .read()
              .format("delta")
              .option("versionAsOf", delta)
              .load(location)
              .where("alias = 'champion'")
              .groupBy("model")
              .count()
              .collectAsList();
      assertThat(champions).allSatisfy(row -> assertThat(row.getLong(1)).isEqualTo(1));
    }
    assertThat(aliases("delay")).containsExactly(entry(2, "champion"));
    assertThat(aliases("cancel")).containsExactly(entry(1, "champion"));
  }

  @Test
  void anUnknownVersionNamesTheModelsVersions() {
    registerVersions("delay", 2);

    assertThatThrownBy(() -> registry.promote("delay", 7, "forced"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Cannot use version 7 of model 'delay': the registry has versions [1, 2]; 'lakeml"
                + " models list delay' shows them")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
  }

  @Test
  void aModelWithoutChampionCannotBeScored() {
    registerVersions("delay", 1);

    assertThatThrownBy(() -> registry.champion("delay"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Cannot score with model 'delay': no version of it is champion")
        .hasMessageContaining("'lakeml models promote delay <version>'");
    assertThat(registry.findChampion("delay")).isEmpty();
    assertThat(registry.findChampion("cancel")).isEmpty();
  }

  private void registerVersions(String model, int count) {
    for (int number = 1; number <= count; number++) {
      registry.register(version(model, number, INPUTS, "hash-" + number));
    }
  }

  private Map<Integer, String> aliases(String model) {
    Map<Integer, String> aliases = new TreeMap<>();
    registry
        .versions(model)
        .forEach(
            version ->
                version
                    .standing()
                    .alias()
                    .ifPresent(alias -> aliases.put(version.version(), alias.toString())));
    return aliases;
  }

  private long registryVersion() {
    return DeltaTable.forPath(lake.spark(), lake.layout().system(SystemTable.REGISTRY))
        .history(1)
        .first()
        .getLong(0);
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
        lake.layout().modelVersion(model, number),
        "auc_roc",
        "{\"label\":\"delayed\"}",
        Map.of("tail_number", "id-like"),
        Standing.registered());
  }
}
