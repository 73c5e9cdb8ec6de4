package io.lakeml.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineageTest {
  @Test
  void jsonRoundTripGivesAnEqualLineage() {
    Lineage lineage = new Lineage(Map.of("silver.flights", 4L, "model:delay", 2L), "abc123");

    assertThat(Lineage.fromJson(lineage.toJson())).contains(lineage);
  }

  @Test
  void jsonIsKeyedByLakemlLineage() {
    Lineage lineage = new Lineage(Map.of("silver.flights", 4L), "abc123");

    assertThat(lineage.toJson())
        .isEqualTo(
            "{\"lakeml.lineage\":{\"inputs\":{\"silver.flights\":4},\"definition\":\"abc123\"}}");
  }

  @Test
  void equalityAndJsonDoNotDependOnInputOrder() {
    Map<String, Long> ab = new LinkedHashMap<>();
    ab.put("silver.a", 1L);
    ab.put("silver.b", 2L);
    Map<String, Long> ba = new LinkedHashMap<>();
    ba.put("silver.b", 2L);
    ba.put("silver.a", 1L);

    Lineage first = new Lineage(ab, "digest");
    Lineage second = new Lineage(ba, "digest");

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first.toJson()).isEqualTo(second.toJson());
  }

  @Test
  void lineagesDifferWhenAVersionOrTheDefinitionDiffers() {
    Lineage lineage = new Lineage(Map.of("silver.a", 1L), "digest");

    assertThat(lineage).isNotEqualTo(new Lineage(Map.of("silver.a", 2L), "digest"));
    assertThat(lineage).isNotEqualTo(new Lineage(Map.of("silver.a", 1L), "other"));
  }

  @Test
  void laterChangesToTheInputMapDoNotChangeTheLineage() {
    Map<String, Long> inputs = new LinkedHashMap<>(Map.of("silver.a", 1L));
    Lineage lineage = new Lineage(inputs, "digest");

    inputs.put("silver.a", 9L);

    assertThat(lineage.inputs()).containsExactly(Map.entry("silver.a", 1L));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "nightly backfill by ops",
        "{\"owner\":\"ops\",\"ticket\":42}",
        "{\"lakeml.lineage\":",
        "lakeml.lineage, but not JSON",
        "{\"lakeml.lineage\":42}",
        "{\"lakeml.lineage\":{\"inputs\":{\"silver.a\":\"one\"},\"definition\":\"d\"}}",
        "{\"lakeml.lineage\":{\"definition\":\"d\"}}"
      })
  void fromJsonOfAnythingButLakemlLineageIsEmpty(String userMetadata) {
    assertThat(Lineage.fromJson(userMetadata)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"lakeml.lineage\":null}",
        "{\"note\":\"copied from lakeml.lineage\"}",
        "[\"lakeml.lineage\"]"
      })
  void fromJsonOfForeignJsonMentioningTheKeyIsEmpty(String userMetadata) {
    assertThat(Lineage.fromJson(userMetadata)).isEmpty();
  }
}
