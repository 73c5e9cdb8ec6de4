package io.lakeml.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lakeml.delta.Lake;
import io.lakeml.delta.TableWrite;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Layer;
import io.lakeml.lake.SystemTable;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.PipelineSpec;
import io.lakeml.testing.TestLakes;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunLogTest {
  private static final TableId SILVER = new TableId(Layer.SILVER, "flights");
  private static final TableId GOLD = new TableId(Layer.GOLD, "flight_features");

  private JobContext context;

  @BeforeEach
  void setUp() {
    Lake lake = TestLakes.fresh("runs");
    context =
        new JobContext(
            lake,
            new PipelineSpec("flights_demo", List.of(), List.of(), List.of(), List.of()),
            "20240310T120000Z-abc123",
            LocalDate.of(2024, 3, 10),
            "0.1.0-test");
  }

  @Test
  void aSucceedingStageAppendsOneSucceededRow() {
    StageResult result =
        StageResult.of(
            "refine",
            7,
            List.of(new TableWrite(SILVER, 4, 3, false), new TableWrite(GOLD, 2, 0, true)),
            Map.of("quarantined", "1"));
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

    StageResult returned = RunLog.record(context, "refine", () -> result);

    assertThat(returned).isSameAs(result);
    Row row = onlyRun();
    assertThat(row.<String>getAs("run_id")).isEqualTo("20240310T120000Z-abc123");
    assertThat(row.<String>getAs("pipeline")).isEqualTo("flights_demo");
    assertThat(row.<String>getAs("stage")).isEqualTo("refine");
    assertThat(row.<String>getAs("run_day")).isEqualTo("2024-03-10");
    assertThat(row.<java.sql.Date>getAs("run_date").toLocalDate()).isEqualTo(context.runDate());
    assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(row.<Timestamp>getAs("started_at").toInstant()).isBetween(before, Instant.now());
    assertThat(row.<Long>getAs("duration_ms")).isNotNegative();
    assertThat(row.<Long>getAs("rows_in")).isEqualTo(7);
    assertThat(row.<Long>getAs("rows_out")).isEqualTo(3);
    assertThat(row.<String, Long>getJavaMap(row.fieldIndex("table_versions")))
        .isEqualTo(Map.of("silver.flights", 4L, "gold.flight_features", 2L));
    assertThat(row.<String, String>getJavaMap(row.fieldIndex("details")))
        .isEqualTo(Map.of("quarantined", "1"));
    assertThat(row.<String>getAs("error")).isNull();
    assertThat(row.<String>getAs("lakeml_version")).isEqualTo("0.1.0-test");
  }

  @Test
  void aFailingStageAppendsOneFailedRowAndRethrowsStageFailed() {
    IllegalStateException failure = new IllegalStateException("disk full on /lake");

    LakeException thrown =
        catchThrowableOfType(
            LakeException.class,
            () ->
                RunLog.record(
                    context,
                    "curate",
                    () -> {
                      throw failure;
                    }));

    assertThat(thrown.code()).isEqualTo(ErrorCode.STAGE_FAILED);
    assertThat(thrown)
        .hasMessage(
            "Stage curate failed on flights_demo: IllegalStateException: disk full on /lake")
        .hasCause(failure);
    Row row = onlyRun();
    assertThat(row.<String>getAs("stage")).isEqualTo("curate");
    assertThat(row.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(row.<String>getAs("error")).isEqualTo(thrown.getMessage());
    assertThat(row.<Long>getAs("rows_in")).isZero();
    assertThat(row.<Long>getAs("rows_out")).isZero();
    assertThat(row.<String, Long>getJavaMap(row.fieldIndex("table_versions"))).isEmpty();
  }

  @Test
  void aLakeExceptionIsRethrownAsItIsAndRecorded() {
    LakeException missing =
        LakeErrors.tableNotFound("silver.flights", "file:///lake/silver/flights", "refine");

    assertThatThrownBy(
            () ->
                RunLog.record(
                    context,
                    "curate",
                    () -> {
                      throw missing;
                    }))
        .isSameAs(missing)
        .hasMessageContaining("Cannot read silver.flights");
    Row row = onlyRun();
    assertThat(row.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(row.<String>getAs("error")).isEqualTo(missing.getMessage());
  }

  @Test
  void eachStageOfARunAppendsItsOwnRow() {
    RunLog.record(context, "ingest", () -> StageResult.of("ingest", 2, List.of(), Map.of()));
    RunLog.record(context, "refine", () -> StageResult.of("refine", 2, List.of(), Map.of()));

    List<Row> rows =
        context.lake().read(SystemTable.RUNS).orElseThrow().orderBy("started_at").collectAsList();

    assertThat(rows.stream().map(row -> row.<String>getAs("stage")).toList())
        .containsExactly("ingest", "refine");
  }

  /** The one row of {@code _lakeml/runs}, with {@code run_day}: its run date as SQL text. */
  private Row onlyRun() {
    List<Row> rows =
        context
            .lake()
            .read(SystemTable.RUNS)
            .orElseThrow()
            .selectExpr("*", "CAST(run_date AS STRING) AS run_day")
            .collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
