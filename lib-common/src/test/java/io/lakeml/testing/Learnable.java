package io.lakeml.testing;

import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small synthetic data a model can learn: a numeric {@code x} in [0, 1), a categorical {@code
 * segment} (a, b or c, unrelated to the label) and a {@code label} that depends on {@code x} only.
 */
public final class Learnable {
  /** x DOUBLE, segment STRING, label INT (1 when x > 0.5). */
  public static final StructType BINARY =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("segment", DataTypes.StringType)
          .add("label", DataTypes.IntegerType);

  /** x DOUBLE, segment STRING, label DOUBLE (10 x plus a little noise). */
  public static final StructType REGRESSION =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("segment", DataTypes.StringType)
          .add("label", DataTypes.DoubleType);

  private static final String[] SEGMENTS = {"a", "b", "c"};

  private Learnable() {}

  /** {@code count} rows whose label is {@code x > 0.5}, drawn with {@code seed}. */
  public static Dataset<Row> binary(int count, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      double x = random.nextDouble();
      rows.add(RowFactory.create(x, SEGMENTS[random.nextInt(3)], x > 0.5 ? 1 : 0));
    }
    return TestSpark.session().createDataFrame(rows, BINARY);
  }

  /** {@code count} rows whose label is {@code 10 x} plus noise in [-0.5, 0.5). */
  public static Dataset<Row> regression(int count, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      double x = random.nextDouble();
      rows.add(
          RowFactory.create(x, SEGMENTS[random.nextInt(3)], 10 * x + random.nextDouble() - 0.5));
    }
    return TestSpark.session().createDataFrame(rows, REGRESSION);
  }

  /** A model of {@code label} from {@code x} and {@code segment}, read from {@code gold.<name>}. */
  public static ModelSpec spec(
      String name, Task task, Algorithm algorithm, Map<String, String> params) {
    return spec(name, new TableId(Layer.GOLD, name), task, algorithm, params);
  }

  /** A model of {@code label} from {@code x} and {@code segment}, read from {@code table}. */
  public static ModelSpec spec(
      String name, TableId table, Task task, Algorithm algorithm, Map<String, String> params) {
    return new ModelSpec(
        name,
        table,
        task,
        algorithm,
        "label",
        List.of("x"),
        List.of("segment"),
        params,
        0.25,
        7,
        table,
        new TableId(Layer.GOLD, name + "_predictions"),
        "hash-" + name);
  }
}
