package io.lakeml.ml.card;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev;

import io.lakeml.ml.Training;
import io.lakeml.ml.card.BinaryCurves.Point;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a model version's card: {@code index.html} and one PNG per chart in the version's {@code
 * card/} folder. Every chart is drawn from aggregates computed by Spark (probability bins, counts,
 * residual bins) or a bounded sample, never from all the predictions on the driver.
 */
public final class ModelCard {
  /** The page's file name in the card folder. */
  public static final String PAGE = "index.html";

  private static final int RESIDUAL_BINS = 40;
  private static final int RESIDUAL_SAMPLE = 2000;

  private ModelCard() {}

  /** Writes the card of {@code input}; returns the files written, the page last. */
  public static List<String> write(ModelCardInput input, Configuration hadoop) {
    Dataset<Row> predictions = input.predictions().persist();
    try {
      Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
      CardPage page = new CardPage(input);
      switch (input.task()) {
        case BINARY_CLASSIFICATION -> binary(predictions, charts, page);
        case MULTICLASS_CLASSIFICATION -> multiclass(predictions, charts, page);
        case REGRESSION -> regression(predictions, charts, page);
      }
      if (!input.importances().isEmpty()) {
        charts.put(
            "importance.png", Charts.bars("Feature importance", "importance", input.importances()));
      }
      if (!input.leaderboard().isEmpty()) {
        Map<String, Double> scores = new LinkedHashMap<>();
        input
            .leaderboard()
            .forEach(
                entry -> scores.put(scores.size() + 1 + ". " + entry.candidate(), entry.score()));
        charts.put(
            "leaderboard.png",
            Charts.bars("Leaderboard", input.leaderboard().get(0).metric(), scores));
      }
      Path folder = new Path(input.version().cardLocation());
      FileSystem fs = folder.getFileSystem(hadoop);
      List<String> written = new ArrayList<>();
      for (Map.Entry<String, Chart<?, ?>> chart : charts.entrySet()) {
        save(fs, new Path(folder, chart.getKey()), Charts.png(chart.getValue()));
        written.add(chart.getKey());
      }
      save(fs, new Path(folder, PAGE), page.html(charts.keySet()).getBytes(StandardCharsets.UTF_8));
      written.add(PAGE);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the model card to " + input.version().cardLocation(), e);
    } finally {
      predictions.unpersist();
    }
  }

  private static void binary(
      Dataset<Row> predictions, Map<String, Chart<?, ?>> charts, CardPage page) {
    BinaryCurves curves = BinaryCurves.of(predictions);
    charts.put(
        "roc.png",
        Charts.withDiagonal(
            Charts.curve("ROC curve", "false positive rate", "true positive rate", curves.roc()),
            "chance"));
    charts.put(
        "pr.png",
        Charts.curve("Precision-recall curve", "recall", "precision", curves.precisionRecall()));
    charts.put(
        "calibration.png",
        Charts.withDiagonal(
            Charts.curve(
                "Calibration",
                "mean predicted probability",
                "observed positive rate",
                curves.calibration()),
            "perfectly calibrated"));
    long[][] counts = new long[2][2];
    for (Row cell :
        predictions.groupBy(col(Training.LABEL), col("prediction")).count().collectAsList()) {
      counts[(int) cell.getDouble(0)][(int) cell.getDouble(1)] = cell.getLong(2);
    }
    charts.put("confusion.png", Charts.confusion(List.of("0", "1"), counts));
    long negatives = counts[0][0] + counts[0][1];
    long positives = counts[1][0] + counts[1][1];
    page.label(
        Map.of(
            "test rows with label 1",
            String.format(
                Locale.ROOT,
                "%d (%.1f%%)",
                positives,
                100.0 * positives / Math.max(1, positives + negatives)),
            "test rows with label 0",
            Long.toString(negatives)));
  }

  /** A confusion matrix of every class and the test rows of each: no curves for many classes. */
  private static void multiclass(
      Dataset<Row> predictions, Map<String, Chart<?, ?>> charts, CardPage page) {
    List<String> classes = Training.classes(predictions.schema());
    long[][] counts = new long[classes.size()][classes.size()];
    for (Row cell :
        predictions.groupBy(col(Training.LABEL), col("prediction")).count().collectAsList()) {
      counts[(int) cell.getDouble(0)][(int) cell.getDouble(1)] = cell.getLong(2);
    }
    charts.put("confusion.png", Charts.confusion(classes, counts));
    long total = Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    Map<String, String> rows = new LinkedHashMap<>();
    for (int index = 0; index < classes.size(); index++) {
      long actual = Arrays.stream(counts[index]).sum();
      rows.put(
          "test rows with label " + classes.get(index),
          String.format(Locale.ROOT, "%d (%.1f%%)", actual, 100.0 * actual / Math.max(1, total)));
    }
    page.label(rows);
  }

  private static void regression(
      Dataset<Row> predictions, Map<String, Chart<?, ?>> charts, CardPage page) {
    Column residual = col(Training.LABEL).minus(col("prediction"));
    Row stats =
        predictions
            .agg(
                count(lit(1)),
                mean(col(Training.LABEL)),
                stddev(col(Training.LABEL)),
                min(residual),
                max(residual))
            .first();
    long rows = stats.getLong(0);
    page.label(
        Map.of(
            "label mean", format(stats.isNullAt(1) ? Double.NaN : stats.getDouble(1)),
            "label standard deviation",
                format(stats.isNullAt(2) ? Double.NaN : stats.getDouble(2))));
    double low = stats.isNullAt(3) ? 0 : stats.getDouble(3);
    double width =
        Math.max((stats.isNullAt(4) ? 0 : stats.getDouble(4)) - low, 1e-12) / RESIDUAL_BINS;
    Map<String, Long> histogram = new LinkedHashMap<>();
    for (Row bin :
        predictions
            .groupBy(
                least(floor(residual.minus(low).divide(width)), lit(RESIDUAL_BINS - 1))
                    .cast("int")
                    .as("bin"))
            .count()
            .orderBy("bin")
            .collectAsList()) {
      histogram.put(format(low + (bin.getInt(0) + 0.5) * width), bin.getLong(1));
    }
    charts.put("residual-histogram.png", Charts.bars("Residuals", "test rows", histogram));
    double fraction = Math.min(1.0, (double) RESIDUAL_SAMPLE / Math.max(1, rows));
    List<Point> sample = new ArrayList<>();
    for (Row row :
        predictions
            .sample(false, fraction, 7)
            .limit(RESIDUAL_SAMPLE)
            .select(col("prediction"), residual)
            .collectAsList()) {
      sample.add(new Point(row.getDouble(0), row.getDouble(1)));
    }
    charts.put(
        "residuals.png",
        Charts.scatter(
            "Residuals against predictions", "prediction", "label - prediction", sample));
  }

  private static void save(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
