package io.lakeml.score;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lakeml.lake.Columns;
import io.lakeml.ml.Training;
import io.lakeml.pipeline.Task;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Applies a fitted model to a table: its rows plus the prediction and the model version. */
public final class Scoring {
  private Scoring() {}

  /**
   * Every input column, then {@code prediction} (a multiclass model's is the label's value, as
   * text), {@code probability} (binary classification: of the positive class; multiclass: of the
   * predicted class), {@code model_version} and {@code _run_id}. The pipeline's working columns are
   * dropped.
   */
  public static Dataset<Row> score(
      PipelineModel model, Dataset<Row> input, Task task, int version, String runId) {
    List<Column> columns = new ArrayList<>();
    for (String column : input.columns()) {
      if (!column.equals(Columns.RUN_ID)) {
        columns.add(col(column));
      }
    }
    Column probabilities = vector_to_array(col("probability"), "float64");
    switch (task) {
      case BINARY_CLASSIFICATION -> {
        columns.add(col("prediction").as(Columns.PREDICTION));
        columns.add(probabilities.getItem(1).as(Columns.PROBABILITY));
      }
      case MULTICLASS_CLASSIFICATION -> {
        columns.add(col(Training.PREDICTED_LABEL).as(Columns.PREDICTION));
        columns.add(array_max(probabilities).as(Columns.PROBABILITY));
      }
      case REGRESSION -> columns.add(col("prediction").as(Columns.PREDICTION));
    }
    columns.add(lit(version).as(Columns.MODEL_VERSION));
    columns.add(lit(runId).as(Columns.RUN_ID));
    return model.transform(input).select(columns.toArray(Column[]::new));
  }
}
