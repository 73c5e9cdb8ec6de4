package io.lakeml.config;

import static io.lakeml.config.ConfigFiles.at;
import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.Task;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
  private static final String TABLES =
      """
      tables {
        silver {
          flights {
            key = 3
            columns = [date, origin]
            repeated = [a, b, a]
            mixed = [a,
              1]
            schema = "date TIMESTAMP_NTZ"
            source = "silver"
            partitions = 4
            fraction = 0.25
            whole = 2.5
            merge = true
            answer = yes
            task = binary-classification
            shouting = BINARY_CLASSIFICATION
            nested { inner = 1 }
          }
        }
      }
      """;

  @TempDir Path dir;
  private Path file;
  private ConfigReader flights;

  @BeforeEach
  void readTables() {
    file = write(dir, "tables.conf", TABLES);
    flights = read(file).child("tables.silver.flights");
  }

  private static ConfigReader read(Path file) {
    return ConfigReader.of(ConfigFactory.parseFile(file.toFile()).resolve());
  }

  @Test
  void wrongTypeNamesFileLineFullKeyExpectationAndValue() {
    assertThatThrownBy(() -> flights.stringList("key", "column names"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 4)
                + ": tables.silver.flights.key: expected a list of column names, got NUMBER 3")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void missingKeyNamesTheParentObjectsLocation() {
    assertThatThrownBy(() -> flights.string("order-by"))
        .isInstanceOf(LakeException.class)
        .hasMessage(at(file, 3) + ": tables.silver.flights.order-by: missing; expected a string");
  }

  @Test
  void missingNestedKeyNamesTheNearestPresentParent() {
    assertThatThrownBy(() -> read(file).string("tables.silver.flights.options.header"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 3) + ": tables.silver.flights.options.header: missing; expected a string");
  }

  @Test
  void stringReadsTextAndScalarsAsText() {
    assertThat(flights.string("schema")).isEqualTo("date TIMESTAMP_NTZ");
    assertThat(flights.string("partitions")).isEqualTo("4");
    assertThat(flights.string("merge")).isEqualTo("true");
  }

  @Test
  void stringRejectsAnObject() {
    assertThatThrownBy(() -> flights.string("nested"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 18)
                + ": tables.silver.flights.nested: expected a string, got OBJECT {\"inner\":1}");
  }

  @Test
  void optionalStringIsEmptyWhenAbsent() {
    assertThat(flights.optionalString("schema")).contains("date TIMESTAMP_NTZ");
    assertThat(flights.optionalString("order-by")).isEmpty();
  }

  @Test
  void parsedAppliesTheParser() {
    Integer length = flights.parsed("task", "a text", String::length);
    Integer inner = flights.child("nested").parsed("inner", "a number", Integer::valueOf);

    assertThat(length).isEqualTo("binary-classification".length());
    assertThat(inner).isEqualTo(1);
  }

  @Test
  void parsedRejectionAddsTheParsersReason() {
    assertThatThrownBy(() -> flights.parsed("source", "a table id", TableId::parse))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith(
            at(file, 10)
                + ": tables.silver.flights.source: expected a table id, got STRING \"silver\""
                + " (Invalid table id 'silver': expected exactly one '.';");
  }

  @Test
  void enumValueReadsKebabCase() {
    assertThat(flights.enumValue("task", Task.class)).isEqualTo(Task.BINARY_CLASSIFICATION);
    assertThat(ConfigReader.kebab(Algorithm.LOGISTIC_REGRESSION)).isEqualTo("logistic-regression");
  }

  @Test
  void enumValueRejectsConstantNameListingKebabChoices() {
    assertThatThrownBy(() -> flights.enumValue("shouting", Task.class))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 17)
                + ": tables.silver.flights.shouting: expected one of binary-classification,"
                + " multiclass-classification, regression, got STRING \"BINARY_CLASSIFICATION\"");
  }

  @Test
  void integerReadsWholeNumberInRange() {
    assertThat(flights.integer("partitions", 1, 4)).isEqualTo(4);
  }

  @Test
  void integerRejectsOutOfRangeAndFractions() {
    assertThatThrownBy(() -> flights.integer("partitions", 1, 3))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 11)
                + ": tables.silver.flights.partitions: expected a whole number from 1 to 3, got"
                + " NUMBER 4");
    assertThatThrownBy(() -> flights.integer("whole", 0, 10))
        .isInstanceOf(LakeException.class)
        .hasMessageEndingWith("whole: expected a whole number from 0 to 10, got NUMBER 2.5");
  }

  @Test
  void integerRejectsText() {
    assertThatThrownBy(() -> flights.integer("schema", 0, 10))
        .isInstanceOf(LakeException.class)
        .hasMessageEndingWith(
            "tables.silver.flights.schema: expected a whole number, got STRING \"date"
                + " TIMESTAMP_NTZ\"");
  }

  @Test
  void numberReadsWithinRange() {
    assertThat(flights.number("fraction", 0.01, 0.9)).isEqualTo(0.25);
    assertThat(flights.number("partitions", 0, 10)).isEqualTo(4.0);
  }

  @Test
  void numberRejectsOutOfRange() {
    assertThatThrownBy(() -> flights.number("fraction", 0.5, 0.9))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 12)
                + ": tables.silver.flights.fraction: expected a number from 0.5 to 0.9, got"
                + " NUMBER 0.25");
  }

  @Test
  void boolReadsOnlyTrueOrFalse() {
    assertThat(flights.bool("merge")).isTrue();
    assertThatThrownBy(() -> flights.bool("answer"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 15)
                + ": tables.silver.flights.answer: expected true or false, got STRING \"yes\"");
  }

  @Test
  void stringListReadsListsAndOptionalOnesDefaultToEmpty() {
    assertThat(flights.stringList("columns", "column names")).containsExactly("date", "origin");
    assertThat(flights.optionalStringList("partition-by", "column names")).isEmpty();
  }

  @Test
  void stringListRejectsNonStringElementAtItsLine() {
    assertThatThrownBy(() -> flights.stringList("mixed", "column names"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 8)
                + ": tables.silver.flights.mixed: expected a list of column names, got a list"
                + " holding NUMBER 1");
  }

  @Test
  void stringListRejectsRepeats() {
    assertThatThrownBy(() -> flights.stringList("repeated", "column names"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(file, 6)
                + ": tables.silver.flights.repeated: expected a list of column names without"
                + " repeats, got LIST [\"a\",\"b\",\"a\"]");
  }

  @Test
  void stringMapReadsQuotedDottedAndNestedKeys() {
    Path conf =
        write(
            dir,
            "spark.conf",
            """
            conf {
              "spark.sql.shuffle.partitions" = 8
              spark { ui.enabled = false }
              ratio = 0.5
            }
            """);

    assertThat(read(conf).stringMap("conf"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "spark.sql.shuffle.partitions", "8", "spark.ui.enabled", "false", "ratio", "0.5"));
    assertThat(read(conf).stringMap("absent")).isEmpty();
  }

  @Test
  void stringMapRejectsListValueNamingItsKey() {
    Path conf = write(dir, "options.conf", "options {\n  header = true\n  columns = [a, b]\n}\n");

    assertThatThrownBy(() -> read(conf).stringMap("options"))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            at(conf, 3)
                + ": options.columns: expected a string, number or boolean, got LIST [\"a\",\"b\"]");
  }

  @Test
  void childRejectsNonObjectAndNamesMissingObject() {
    assertThatThrownBy(() -> flights.child("key"))
        .isInstanceOf(LakeException.class)
        .hasMessage(at(file, 4) + ": tables.silver.flights.key: expected an object, got NUMBER 3");
    assertThatThrownBy(() -> flights.child("options"))
        .isInstanceOf(LakeException.class)
        .hasMessage(at(file, 3) + ": tables.silver.flights.options: missing; expected an object");
  }

  @Test
  void keysAreSortedAndPathsFull() {
    ConfigReader silver = read(file).child("tables.silver");

    assertThat(silver.keys()).containsExactly("flights");
    assertThat(silver.fullPath("flights.key")).isEqualTo("tables.silver.flights.key");
    assertThat(flights.location("key")).isEqualTo(at(file, 4));
    assertThat(flights.location("key")).doesNotStartWith("/");
  }

  @Test
  void withFallbackFillsAbsentKeysAndKeepsOwnValues() {
    Path defaults = write(dir, "defaults.conf", "order-by = _ingested_at\npartitions = 1\n");
    ConfigReader merged = flights.withFallback(read(defaults));

    assertThat(merged.string("order-by")).isEqualTo("_ingested_at");
    assertThat(merged.integer("partitions", 0, 10)).isEqualTo(4);
    assertThat(merged.fullPath("key")).isEqualTo("tables.silver.flights.key");
  }

  @Test
  void digestIgnoresKeyOrderAndFormatting() {
    Path first = write(dir, "first.conf", "b = 2\na { y = [1, 2], x = \"s\" }\n");
    Path second = write(dir, "second.conf", "# a comment\na.x = s\na.y = [1,2]\n\nb = 2\n");

    assertThat(read(first).digest()).isEqualTo(read(second).digest()).hasSize(64);
  }

  @Test
  void digestChangesWithContent() {
    Path first = write(dir, "first.conf", "a { x = 1 }\n");
    Path second = write(dir, "second.conf", "a { x = 2 }\n");

    assertThat(read(first).digest()).isNotEqualTo(read(second).digest());
  }
}
