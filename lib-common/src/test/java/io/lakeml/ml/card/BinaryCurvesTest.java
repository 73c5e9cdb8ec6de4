package io.lakeml.ml.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.ml.card.BinaryCurves.Point;
import io.lakeml.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BinaryCurvesTest {
  private static final StructType PREDICTIONS =
      new StructType().add("_label", DataTypes.DoubleType).add("probability", DataTypes.DoubleType);

  @Test
  void curvesFollowTheThresholdsFromHighToLow() {
    List<Row> rows =
        List.of(
            RowFactory.create(1.0, 0.9),
            RowFactory.create(0.0, 0.8),
            RowFactory.create(1.0, 0.3),
            RowFactory.create(0.0, 0.1));

    BinaryCurves curves =
        BinaryCurves.of(TestSpark.session().createDataFrame(rows, PREDICTIONS).repartition(2));

    assertThat(curves.roc())
        .containsExactly(
            new Point(0, 0),
            new Point(0, 0.5),
            new Point(0.5, 0.5),
            new Point(0.5, 1),
            new Point(1, 1));
    assertThat(curves.precisionRecall())
        .containsExactly(
            new Point(0, 1),
            new Point(0.5, 1),
            new Point(0.5, 0.5),
            new Point(1, 2.0 / 3),
            new Point(1, 0.5));
    assertThat(curves.calibration())
        .containsExactly(
            new Point(0.1, 0), new Point(0.3, 1), new Point(0.8, 0), new Point(0.9, 1));
  }
}
