package io.lakeml.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableIdTest {
  private static final String EXPECTED =
      "; expected 'layer.name' with layer one of bronze, silver, gold and name matching"
          + " [a-z][a-z0-9_]*";

  @Test
  void parsesEachLayer() {
    assertThat(TableId.parse("bronze.flights")).isEqualTo(new TableId(Layer.BRONZE, "flights"));
    assertThat(TableId.parse("silver.flights")).isEqualTo(new TableId(Layer.SILVER, "flights"));
    assertThat(TableId.parse("gold.flight_delay_2"))
        .isEqualTo(new TableId(Layer.GOLD, "flight_delay_2"));
  }

  @Test
  void printsAsLayerDotName() {
    assertThat(new TableId(Layer.GOLD, "flight_features")).hasToString("gold.flight_features");
  }

  @Test
  void rejectsTextWithoutDot() {
    assertThatThrownBy(() -> TableId.parse("flights"))
        .isInstanceOf(LakeException.class)
        .hasMessage("Invalid table id 'flights': expected exactly one '.'" + EXPECTED)
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.TABLE_ID_INVALID);
  }

  @Test
  void rejectsTwoDots() {
    assertThatThrownBy(() -> TableId.parse("spark_catalog.silver.flights"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Invalid table id 'spark_catalog.silver.flights': expected exactly one '.'" + EXPECTED);
  }

  @Test
  void rejectsUnknownLayer() {
    assertThatThrownBy(() -> TableId.parse("platinum.flights"))
        .isInstanceOf(LakeException.class)
        .hasMessage("Invalid table id 'platinum.flights': unknown layer 'platinum'" + EXPECTED);
  }

  @Test
  void rejectsUppercaseLayer() {
    assertThatThrownBy(() -> TableId.parse("Silver.flights"))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("Invalid table id 'Silver.flights': ")
        .hasMessageEndingWith(EXPECTED);
  }

  @Test
  void rejectsUppercaseName() {
    assertThatThrownBy(() -> TableId.parse("silver.Flights"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Invalid table id 'silver.Flights': name 'Flights' is not snake_case" + EXPECTED);
  }

  @Test
  void rejectsLeadingDigit() {
    assertThatThrownBy(() -> TableId.parse("gold.2024_report"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Invalid table id 'gold.2024_report': name '2024_report' is not snake_case" + EXPECTED);
  }

  @Test
  void rejectsEmptyName() {
    assertThatThrownBy(() -> TableId.parse("silver."))
        .isInstanceOf(LakeException.class)
        .hasMessage("Invalid table id 'silver.': name '' is not snake_case" + EXPECTED);
  }

  @Test
  void rejectsMissingLayerInConstructor() {
    assertThatThrownBy(() -> new TableId(null, "flights"))
        .isInstanceOf(LakeException.class)
        .hasMessage("Invalid table id '?.flights': layer is missing" + EXPECTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"flights", "f", "flight_delay_2", "a_"})
  void acceptsSnakeCaseNames(String name) {
    assertThat(TableId.isValidName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Flights", "flights-csv", "2flights", "_flights", "flights.csv"})
  void rejectsOtherNames(String name) {
    assertThat(TableId.isValidName(name)).isFalse();
  }

  @Test
  void nullNameIsNotValid() {
    assertThat(TableId.isValidName(null)).isFalse();
  }

  @Test
  void quarantineSitsBesideTheTableInItsLayer() {
    assertThat(TableId.parse("silver.flights").quarantine())
        .isEqualTo(new TableId(Layer.SILVER, "flights_quarantine"));
  }
}
