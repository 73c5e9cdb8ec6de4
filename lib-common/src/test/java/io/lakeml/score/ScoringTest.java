package io.lakeml.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.lake.Columns;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.Learnable;
import io.lakeml.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fits one classifier and one regressor once; every test scores a small table with them. */
class ScoringTest {
  private static PipelineModel classifier;
  private static PipelineModel regressor;

  @BeforeAll
  static void fitModels() {
    classifier =
        fit(Learnable.binary(200, 21), Task.BINARY_CLASSIFICATION, Algorithm.LOGISTIC_REGRESSION);
    regressor = fit(Learnable.regression(200, 22), Task.REGRESSION, Algorithm.LINEAR_REGRESSION);
  }

  @Test
  void keepsEveryInputColumnAndAddsPredictionProbabilityVersionAndRunId() {
    Dataset<Row> scored =
        Scoring.score(classifier, ScoreInput.rows(), Task.BINARY_CLASSIFICATION, 3, "run-2");

    assertThat(scored.columns())
        .containsExactly(
            "flight_id",
            "x",
            "segment",
            "_source_file",
            Columns.PREDICTION,
            Columns.PROBABILITY,
            Columns.MODEL_VERSION,
            Columns.RUN_ID);
    assertThat(
            scored.orderBy("flight_id").collectAsList().stream()
                .map(row -> row.getAs("flight_id") + " " + row.getAs("_source_file"))
                .toList())
        .containsExactly("AA1 raw/a.csv", "AA2 raw/a.csv", "AA3 raw/b.csv", "AA4 raw/b.csv");
  }

  @Test
  void everyRowGetsTheModelVersionAndTheNewRunId() {
    Dataset<Row> scored =
        Scoring.score(classifier, ScoreInput.rows(), Task.BINARY_CLASSIFICATION, 3, "run-2");

    List<Row> rows = scored.select(Columns.MODEL_VERSION, Columns.RUN_ID).collectAsList();
    assertThat(rows).hasSize(ScoreInput.COUNT);
    assertThat(rows).allSatisfy(row -> assertThat(row).isEqualTo(RowFactory.create(3, "run-2")));
  }

  @Test
  void probabilityIsThatOfThePositiveClass() {
    Dataset<Row> scored =
        Scoring.score(classifier, ScoreInput.rows(), Task.BINARY_CLASSIFICATION, 3, "run-2");

    List<Row> rows =
        scored.select("x", Columns.PREDICTION, Columns.PROBABILITY).orderBy("x").collectAsList();
    assertThat(scored.schema().apply(Columns.PROBABILITY).dataType())
        .isEqualTo(DataTypes.DoubleType);
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.getDouble(2)).isBetween(0.0, 1.0);
              assertThat(row.getDouble(1)).isEqualTo(row.getDouble(2) > 0.5 ? 1.0 : 0.0);
            });
    // x = 0.05 is surely negative and x = 0.95 surely positive.
    assertThat(rows.get(0).getDouble(2)).isLessThan(0.5);
    assertThat(rows.get(rows.size() - 1).getDouble(2)).isGreaterThan(0.5);
  }

  @Test
  void regressionHasAPredictionButNoProbability() {
    Dataset<Row> scored = Scoring.score(regressor, ScoreInput.rows(), Task.REGRESSION, 1, "run-2");

    assertThat(scored.columns())
        .doesNotContain(Columns.PROBABILITY)
        .contains(Columns.PREDICTION, Columns.MODEL_VERSION, Columns.RUN_ID);
    assertThat(scored.count()).isEqualTo(ScoreInput.COUNT);
    assertThat(scored.where("x = 0.95").first().<Double>getAs(Columns.PREDICTION))
        .isBetween(8.0, 11.0);
  }

  private static PipelineModel fit(Dataset<Row> rows, Task task, Algorithm algorithm) {
    ModelSpec spec = Learnable.spec("delay", task, algorithm, Map.of("maxIter", "3"));
    return Learnable.fit(spec, rows);
  }

  /** A table to score: no label, an id, a lineage column and the previous run's id. */
  private static final class ScoreInput {
    static final int COUNT = 4;
    static final StructType SCHEMA =
        new StructType()
            .add("flight_id", DataTypes.StringType)
            .add("x", DataTypes.DoubleType)
            .add("segment", DataTypes.StringType)
            .add("_source_file", DataTypes.StringType)
            .add("_run_id", DataTypes.StringType);

    static Dataset<Row> rows() {
      return TestSpark.session()
          .createDataFrame(
              List.of(
                  RowFactory.create("AA1", 0.05, "a", "raw/a.csv", "run-1"),
                  RowFactory.create("AA2", 0.45, "b", "raw/a.csv", "run-1"),
                  RowFactory.create("AA3", 0.6, "c", "raw/b.csv", "run-1"),
                  RowFactory.create("AA4", 0.95, "a", "raw/b.csv", "run-1")),
              SCHEMA);
    }
  }
}
