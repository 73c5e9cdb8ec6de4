package io.lakeml.testing;

import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.ml.Training;
import io.lakeml.ml.automl.Trial;
import io.lakeml.ml.features.ColumnProfile;
import io.lakeml.ml.features.TypeDetection;
import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.AutoMlSpec;
import io.lakeml.pipeline.FeatureSpec;
import io.lakeml.pipeline.Metric;
import io.lakeml.pipeline.ModelSpec;
import io.lakeml.pipeline.SplitSpec;
import io.lakeml.pipeline.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
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

  /** x DOUBLE, segment STRING, label STRING (low, mid or high: about the third x is in). */
  public static final StructType MULTICLASS =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("segment", DataTypes.StringType)
          .add("label", DataTypes.StringType);

  private static final String[] SEGMENTS = {"a", "b", "c"};
  private static final String[] THIRDS = {"low", "mid", "high"};

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

  /**
   * {@code count} rows whose label names the third of [0, 1) that {@code x} plus a little noise (sd
   * 0.05) is in.
   */
  public static Dataset<Row> multiclass(int count, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      double x = random.nextDouble();
      double noisy = Math.min(Math.max(x + 0.05 * random.nextGaussian(), 0), 0.999);
      rows.add(RowFactory.create(x, SEGMENTS[random.nextInt(3)], THIRDS[(int) (noisy * 3)]));
    }
    return TestSpark.session().createDataFrame(rows, MULTICLASS);
  }

  /**
   * {@code count} rows whose label is 1 when {@code x} plus Gaussian noise of deviation {@code
   * noise} passes {@code threshold}: x alone cannot separate the classes.
   */
  public static Dataset<Row> noisy(int count, long seed, double noise, double threshold) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      double x = random.nextDouble();
      int label = x + noise * random.nextGaussian() > threshold ? 1 : 0;
      rows.add(RowFactory.create(x, SEGMENTS[random.nextInt(3)], label));
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

  /**
   * A model of {@code label} from {@code x} and {@code segment}, read from {@code table}. The label
   * is a function of {@code x} alone, which the leak check would flag: checks only report here.
   */
  public static ModelSpec spec(
      String name, TableId table, Task task, Algorithm algorithm, Map<String, String> params) {
    return model(
        name,
        table,
        task,
        Optional.of(algorithm),
        params,
        automl(task, List.of(algorithm), 1, 0, 1, 0, false));
  }

  /** A search over {@code candidates}: random, one validation split, checks enforced. */
  public static AutoMlSpec automl(
      Task task, List<Algorithm> candidates, int trials, Duration budget) {
    return new AutoMlSpec(
        candidates,
        AutoMlSpec.Search.RANDOM,
        trials,
        0,
        0.25,
        budget,
        Metric.defaultFor(task),
        0,
        false,
        1,
        0,
        new AutoMlSpec.Checks(true, 0.98, 0.99, 0.9, 0));
  }

  /**
   * A search over {@code candidates} with one validation split or {@code folds} folds, {@code
   * parallelism} trials at a time, early stopping after {@code earlyStoppingRounds} (0: off), class
   * weights or not, and checks that only report (the label is a function of {@code x}).
   */
  public static AutoMlSpec automl(
      Task task,
      List<Algorithm> candidates,
      int trials,
      int folds,
      int parallelism,
      int earlyStoppingRounds,
      boolean classWeights) {
    return new AutoMlSpec(
        candidates,
        AutoMlSpec.Search.RANDOM,
        trials,
        folds,
        0.25,
        Duration.ofMinutes(5),
        Metric.defaultFor(task),
        0,
        classWeights,
        parallelism,
        earlyStoppingRounds,
        new AutoMlSpec.Checks(false, 0.98, 0.99, 0.9, 0));
  }

  /** A model of {@code label} from {@code x} and {@code segment} in {@code table}, searched. */
  public static ModelSpec searched(String name, TableId table, Task task, AutoMlSpec automl) {
    return model(name, table, task, Optional.empty(), Map.of(), automl);
  }

  private static ModelSpec model(
      String name,
      TableId table,
      Task task,
      Optional<Algorithm> algorithm,
      Map<String, String> params,
      AutoMlSpec automl) {
    return new ModelSpec(
        name,
        table,
        task,
        "label",
        FeatureSpec.of(List.of("x"), List.of("segment")),
        algorithm,
        params,
        SplitSpec.random(0.25, 7),
        automl,
        table,
        new TableId(Layer.GOLD, name + "_predictions"),
        0.001,
        "hash-" + name);
  }

  /** The pipeline of {@code spec}'s declared algorithm and params, fitted on {@code rows}. */
  public static PipelineModel fit(ModelSpec spec, Dataset<Row> rows) {
    Dataset<Row> train =
        Training.prepare(rows, spec.features().columns(), spec.label(), spec.task());
    List<ColumnProfile> profiles =
        TypeDetection.detect(train, spec.features().columns(), spec.features().types(), 64, 0.9);
    Trial trial = new Trial(1, spec.algorithm().orElseThrow(), spec.params());
    return Training.pipeline(spec, trial, train.schema(), profiles, 64, 2).pipeline().fit(train);
  }
}
