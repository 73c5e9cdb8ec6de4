package io.lakeml.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without Spark: validation, configuration errors, usage errors. */
class LakemlTest {
  private static final String FLIGHTS = "../conf/pipelines/flights.conf";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int lakeml(String... args) {
    return Lakeml.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void validatePrintsThePlanOfTheDemoPipeline() {
    int exit = lakeml("validate", FLIGHTS, "--lake", "/tmp/some-lake");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Pipeline flights is valid. Lake: file:///tmp/some-lake")
        .contains("flights_csv (csv)", "-> bronze.flights")
        .contains(
            "bronze.flights -> silver.flights, key [date, origin, destination, distance, delay]")
        .contains("gold.flight_features <- [silver.flights, silver.airports]")
        .contains(
            "flight_delay: automl [xgboost, gbt, logistic-regression] binary-classification on"
                + " gold.flight_features, label delayed, automatic features, random split")
        .contains(
            "gold.flight_delay_predictions      file:///tmp/some-lake/gold/flight_delay_predictions");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void verboseTurnsOnXGBoostsPerRoundEvaluation() {
    Logger rounds = LogManager.getLogger("io.lakeml.ml.QuietXGBoost");
    Level before = rounds.getLevel();
    try {
      assertThat(rounds.isDebugEnabled()).isFalse();

      lakeml("validate", FLIGHTS, "--verbose");

      assertThat(rounds.isDebugEnabled()).isTrue();
    } finally {
      Configurator.setLevel(rounds.getName(), before);
    }
  }

  @Test
  void badOverrideIsReportedWithItsKeyAndOrigin() {
    int exit = lakeml("validate", FLIGHTS, "--set", "tables.silver.flights.key=3");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "lakeml: CONFIG_INVALID: --set tables.silver.flights.key=3:"
                + " tables.silver.flights.key: expected a list of column names, got NUMBER 3")
        .doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badPipelineFileIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
    Path pipeline = dir.resolve("broken.conf");
    Files.writeString(
        pipeline,
        """
        name = broken
        sources.things { path = "raw", schema = "id INT" }
        tables.silver.things {
          source = bronze.things
          key = 3
        }
        """);

    int exit = lakeml("validate", pipeline.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "broken.conf:5: tables.silver.things.key: expected a list of column names, got NUMBER 3");
  }

  @Test
  void lakeOptionWinsOverASetLakeRoot() {
    int exit =
        lakeml(
            "validate",
            FLIGHTS,
            "--lake",
            "/tmp/from-option",
            "--set",
            "lakeml.lake.root=/tmp/from-set");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Lake: file:///tmp/from-option");
  }

  @Test
  void validateRejectsAnExpectationOnAnUnknownColumnNamingTheRule() {
    int exit =
        lakeml(
            "validate",
            FLIGHTS,
            "--set",
            "tables.silver.flights.expectations.plausible_delay.expr=minutes_late < 1440");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "tables.silver.flights.expectations.plausible_delay.expr: expected a Spark SQL boolean"
                + " condition over the table, got \"minutes_late < 1440\" (unknown column(s)"
                + " [minutes_late]; known columns are [date, origin, destination, distance, delay,");
  }

  @Test
  void validateRejectsANonBooleanExpectation() {
    int exit =
        lakeml(
            "validate",
            FLIGHTS,
            "--set",
            "tables.silver.flights.expectations.plausible_delay.expr=delay + 1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("tables.silver.flights.expectations.plausible_delay.expr:")
        .contains("got \"delay + 1\" (not a boolean condition: Add)");
  }

  @Test
  void missingPipelineFileIsNamed() {
    int exit = lakeml("validate", "no/such/pipeline.conf");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no/such/pipeline.conf: no such file");
  }

  @Test
  void unknownCommandIsAUsageError() {
    int exit = lakeml("transmogrify");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument", "transmogrify");
  }

  @Test
  void everyStageIsACommand() {
    int exit = lakeml("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("run", "ingest", "refine", "curate", "train", "score", "validate", "sql");
  }

  @Test
  void unlockRemovesAStaleWriterLockAndRefusesALiveOne(@TempDir Path dir) throws IOException {
    Path lock = Files.createDirectories(dir.resolve("_lakeml/locks")).resolve("writer");
    Files.writeString(
        lock,
        """
        owner=ci@build pid 7
        command=ingest
        run-id=run-dead
        acquired-at=2001-01-07T00:00:00Z
        expires-at=2001-01-07T06:00:00Z
        """);

    int exit = lakeml("unlock", "--lake", dir.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Removed file://" + dir + "/_lakeml/locks/writer, held by ci@build pid 7");
    assertThat(lock).doesNotExist();

    Files.writeString(
        lock,
        """
        owner=ci@build pid 8
        command=train
        run-id=run-live
        acquired-at=2001-01-07T00:00:00Z
        expires-at=2999-01-01T00:00:00Z
        """);
    int refused = lakeml("unlock", "--lake", dir.toString());

    assertThat(refused).isEqualTo(6);
    assertThat(err.toString())
        .contains("lakeml: LAKE_LOCKED: Cannot write to the lake: another writer holds")
        .contains("ci@build pid 8 (command train, run run-live");
    assertThat(lock).exists();
  }
}
