package io.lakeml.ml.card;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import io.lakeml.ml.ModelVersion;
import io.lakeml.ml.Training;
import io.lakeml.pipeline.Task;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything a model card shows.
 *
 * @param version the registered version: metrics, row counts, features kept and dropped, lineage;
 *     the card is written to its {@link ModelVersion#cardLocation()}
 * @param task what the model predicts
 * @param predictions the held-out rows: {@code _label} and {@code prediction} (doubles), plus
 *     {@code probability} of the positive class for binary classification; see {@link
 *     #predictions(Dataset, Task)}. A multiclass {@code _label} names its classes.
 * @param importances feature importance by feature name, largest first; may be empty
 * @param leaderboard the candidates tried, best first; may be empty
 */
public record ModelCardInput(
    ModelVersion version,
    Task task,
    Dataset<Row> predictions,
    Map<String, Double> importances,
    List<LeaderboardEntry> leaderboard) {
  public ModelCardInput {
    importances = Collections.unmodifiableMap(new LinkedHashMap<>(importances));
    leaderboard = List.copyOf(leaderboard);
  }

  /**
   * The card's prediction columns from a fitted pipeline's output on the held-out rows; a
   * multiclass {@code _label} keeps the class names (its ML attribute).
   */
  public static Dataset<Row> predictions(Dataset<Row> transformed, Task task) {
    return task == Task.BINARY_CLASSIFICATION
        ? transformed.select(
            col(Training.LABEL),
            col("prediction"),
            vector_to_array(col("probability"), "float64").getItem(1).as("probability"))
        : transformed.select(col(Training.LABEL), col("prediction"));
  }
}
