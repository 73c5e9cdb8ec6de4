package io.lakeml.ml.card;

import io.lakeml.ml.card.BinaryCurves.Point;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The card's charts, drawn with XChart and encoded as PNG (headless: no display needed). */
final class Charts {
  private static final int WIDTH = 560;
  private static final int HEIGHT = 420;
  private static final int MAX_BARS = 25;

  private Charts() {}

  /** A curve of rates: both axes from 0 to 1. */
  static XYChart curve(String title, String xTitle, String yTitle, List<Point> points) {
    XYChart chart = xy(title, xTitle, yTitle);
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.addSeries(title, xs(points), ys(points)).setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /** {@code chart} plus the diagonal: chance for ROC, perfect calibration for calibration. */
  static XYChart withDiagonal(XYChart chart, String name) {
    chart.addSeries(name, new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /** Points without lines. */
  static XYChart scatter(String title, String xTitle, String yTitle, List<Point> points) {
    XYChart chart = xy(title, xTitle, yTitle);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendVisible(false).setMarkerSize(3);
    chart.addSeries(title, xs(points), ys(points));
    return chart;
  }

  /** Bars in the map's order, at most {@value #MAX_BARS} of them. */
  static CategoryChart bars(String title, String yTitle, Map<String, ? extends Number> values) {
    List<String> names = new ArrayList<>();
    List<Number> heights = new ArrayList<>();
    values.forEach(
        (name, value) -> {
          if (names.size() < MAX_BARS) {
            names.add(name);
            heights.add(value);
          }
        });
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(title, names, heights);
    return chart;
  }

  /** A 2 × 2 (or n × n) matrix of counts; {@code counts[actual][predicted]}. */
  static HeatMapChart confusion(List<String> classes, long[][] counts) {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Confusion matrix")
            .xAxisTitle("predicted")
            .yAxisTitle("actual")
            .build();
    chart.getStyler().setShowValue(true).setLegendVisible(false);
    List<Number[]> cells = new ArrayList<>();
    for (int actual = 0; actual < counts.length; actual++) {
      for (int predicted = 0; predicted < counts[actual].length; predicted++) {
        cells.add(new Number[] {predicted, actual, counts[actual][predicted]});
      }
    }
    chart.addSeries("counts", classes, classes, cells);
    return chart;
  }

  /** The chart as PNG bytes. */
  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode chart " + chart.getTitle(), e);
    }
  }

  private static XYChart xy(String title, String xTitle, String yTitle) {
    return new XYChartBuilder()
        .width(WIDTH)
        .height(HEIGHT)
        .title(title)
        .xAxisTitle(xTitle)
        .yAxisTitle(yTitle)
        .build();
  }

  private static double[] xs(List<Point> points) {
    return points.stream().mapToDouble(Point::x).toArray();
  }

  private static double[] ys(List<Point> points) {
    return points.stream().mapToDouble(Point::y).toArray();
  }
}
