package io.lakeml.ml.card;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.lakeml.ml.Training;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * ROC, precision-recall and calibration curves of a binary classifier, from one distributed
 * aggregation of its held-out predictions into probability bins: only the bins (at most {@link
 * #BINS} rows) reach the driver, never the predictions.
 *
 * @param roc false positive rate → true positive rate, from threshold 1 down to 0
 * @param precisionRecall recall → precision, from threshold 1 down to 0
 * @param calibration mean predicted probability → observed positive rate, per tenth of the range
 */
record BinaryCurves(List<Point> roc, List<Point> precisionRecall, List<Point> calibration) {
  /** Thresholds per curve: a curve has at most this many points plus its end points. */
  static final int BINS = 1000;

  private static final int CALIBRATION_BINS = 10;

  /** A point of a curve. */
  record Point(double x, double y) {}

  /** The curves of {@code predictions} ({@code _label} 0/1 and {@code probability}). */
  static BinaryCurves of(Dataset<Row> predictions) {
    List<Row> bins =
        predictions
            .groupBy(
                least(floor(col("probability").multiply(BINS)), lit(BINS - 1))
                    .cast("int")
                    .as("bin"))
            .agg(
                count(lit(1)).as("rows"),
                sum(col(Training.LABEL)).as("positives"),
                sum(col("probability")).as("probability"))
            .orderBy(col("bin").desc())
            .collectAsList();
    double positives = 0;
    double rows = 0;
    for (Row bin : bins) {
      positives += bin.getDouble(2);
      rows += bin.getLong(1);
    }
    double negatives = rows - positives;
    List<Point> roc = new ArrayList<>(List.of(new Point(0, 0)));
    List<Point> precisionRecall = new ArrayList<>();
    double truePositives = 0;
    double falsePositives = 0;
    for (Row bin : bins) {
      truePositives += bin.getDouble(2);
      falsePositives += bin.getLong(1) - bin.getDouble(2);
      roc.add(new Point(rate(falsePositives, negatives), rate(truePositives, positives)));
      double precision = truePositives / (truePositives + falsePositives);
      if (precisionRecall.isEmpty()) {
        precisionRecall.add(new Point(0, precision));
      }
      precisionRecall.add(new Point(rate(truePositives, positives), precision));
    }
    return new BinaryCurves(roc, precisionRecall, calibration(bins));
  }

  /** The bins merged into tenths: mean predicted probability against the observed rate. */
  private static List<Point> calibration(List<Row> bins) {
    double[] rows = new double[CALIBRATION_BINS];
    double[] positives = new double[CALIBRATION_BINS];
    double[] probability = new double[CALIBRATION_BINS];
    for (Row bin : bins) {
      int tenth = bin.getInt(0) * CALIBRATION_BINS / BINS;
      rows[tenth] += bin.getLong(1);
      positives[tenth] += bin.getDouble(2);
      probability[tenth] += bin.getDouble(3);
    }
    List<Point> points = new ArrayList<>();
    for (int tenth = 0; tenth < CALIBRATION_BINS; tenth++) {
      if (rows[tenth] > 0) {
        points.add(new Point(probability[tenth] / rows[tenth], positives[tenth] / rows[tenth]));
      }
    }
    return points;
  }

  private static double rate(double count, double total) {
    return total == 0 ? 0 : count / total;
  }
}
