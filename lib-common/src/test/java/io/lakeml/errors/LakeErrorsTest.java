package io.lakeml.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LakeErrorsTest {

  @Test
  void rootMessageIsTheInnermostNonEmptyOne() {
    Throwable error =
        new IllegalStateException(
            "outer", new UncheckedIOException("middle", new IOException("disk full")));

    assertThat(LakeErrors.rootMessage(error)).isEqualTo("IOException: disk full");
  }

  @Test
  void rootMessageSkipsEmptyAndBlankInnerMessages() {
    Throwable error =
        new IllegalStateException(
            "outer", new IllegalArgumentException("middle", new IOException(" ")));

    assertThat(LakeErrors.rootMessage(error)).isEqualTo("IllegalArgumentException: middle");
  }

  @Test
  void rootMessageOfAWrappedCauseIsTheCausesOwn() {
    Throwable error = new RuntimeException(new IOException("no such bucket"));

    assertThat(LakeErrors.rootMessage(error)).isEqualTo("IOException: no such bucket");
  }

  @Test
  void rootMessageWithoutAnyMessageIsTheErrorItself() {
    assertThat(LakeErrors.rootMessage(new NullPointerException()))
        .isEqualTo("java.lang.NullPointerException");
  }

  @ParameterizedTest
  @CsvSource({
    "CONFIG_INVALID, 2",
    "CONFIG_UNREADABLE, 2",
    "TABLE_ID_INVALID, 2",
    "SOURCE_NOT_FOUND, 3",
    "SOURCE_FILE_CHANGING, 1",
    "TABLE_NOT_FOUND, 3",
    "COLUMN_NOT_FOUND, 3",
    "MODEL_NOT_FOUND, 3",
    "QUALITY_FAILED, 5",
    "SQL_FAILED, 4",
    "LAKE_LOCKED, 6",
    "STAGE_FAILED, 1"
  })
  void exitCodePerErrorCode(ErrorCode code, int exitCode) {
    assertThat(code.exitCode()).isEqualTo(exitCode);
  }

  @Test
  void exitCodeRowsCoverEveryErrorCode() {
    assertThat(ErrorCode.values()).hasSize(12);
  }

  @Test
  void sourceMissingNamesTheSourceItsFolderAndTheKey() {
    LakeException error = LakeErrors.sourceMissing("airports", "file:/no/such");

    assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    assertThat(error)
        .hasMessage(
            "Cannot ingest source airports: file:/no/such does not exist; create it and land files"
                + " there, or fix sources.airports.path");
  }

  @Test
  void configInvalidNamesLocationKeyExpectationAndValue() {
    LakeException error =
        LakeErrors.configInvalid("conf/p.conf:3", "models.m.task", "one of a, b", "STRING \"c\"");

    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(error)
        .hasMessage("conf/p.conf:3: models.m.task: expected one of a, b, got STRING \"c\"")
        .hasNoCause();
  }

  @Test
  void configMissingNamesParentLocationAndKey() {
    LakeException error = LakeErrors.configMissing("conf/p.conf:7", "models.m.label", "a string");

    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(error).hasMessage("conf/p.conf:7: models.m.label: missing; expected a string");
  }

  @Test
  void configUnreadableKeepsCause() {
    IOException cause = new IOException("denied");
    LakeException error = LakeErrors.configUnreadable("conf/p.conf: permission denied", cause);

    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_UNREADABLE);
    assertThat(error)
        .hasMessageStartingWith("Cannot load configuration: conf/p.conf: permission denied")
        .hasCause(cause);
  }

  @Test
  void tableNotFoundNamesTableLocationAndProducer() {
    LakeException error =
        LakeErrors.tableNotFound("silver.flights", "file:///lake/silver/flights", "refine");

    assertThat(error.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    assertThat(error)
        .hasMessage(
            "Cannot read silver.flights: no Delta table at file:///lake/silver/flights; run"
                + " 'refine' first (or 'run' for every stage)");
  }

  @Test
  void columnsMissingNamesMissingAndAvailableColumns() {
    LakeException error =
        LakeErrors.columnsMissing(
            "models.m.features", "gold.f", List.of("hour"), List.of("date", "delay"));

    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(error)
        .hasMessage(
            "models.m.features: columns [hour] are not in gold.f; its columns are [date, delay]"
                + " (fix the pipeline file or the table's definition)");
  }

  @Test
  void modelNotFoundListsRegisteredModelsOrNone() {
    assertThat(LakeErrors.modelNotFound("delay", List.of("a", "b")))
        .hasMessage(
            "Cannot use model 'delay': the registry has no version of it (registered: a,"
                + " b); run 'train' first");
    assertThat(LakeErrors.modelNotFound("delay", List.of()))
        .hasMessageContaining("(registered: none)");
    assertThat(LakeErrors.modelNotFound("delay", List.of()).code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
  }

  @Test
  void sqlFailedNamesWhatAndWhy() {
    RuntimeException cause = new RuntimeException("boom");
    LakeException error = LakeErrors.sqlFailed("tables.gold.f.sql", "column x not found", cause);

    assertThat(error.code()).isEqualTo(ErrorCode.SQL_FAILED);
    assertThat(error)
        .hasMessage("Cannot run tables.gold.f.sql: column x not found")
        .hasCause(cause);
  }

  @Test
  void stageFailedCarriesRootMessageAndCause() {
    Throwable cause = new IllegalStateException("write", new IOException("disk full"));
    LakeException error = LakeErrors.stageFailed("refine", "silver.flights", cause);

    assertThat(error.code()).isEqualTo(ErrorCode.STAGE_FAILED);
    assertThat(error)
        .hasMessage("Stage refine failed on silver.flights: IOException: disk full")
        .hasCause(cause);
  }
}
