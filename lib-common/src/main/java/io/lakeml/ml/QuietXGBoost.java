package io.lakeml.ml;

import java.lang.reflect.Field;
import java.util.Arrays;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps XGBoost's per-round evaluation ({@code [12] train-logloss:0.41}) off the console. xgboost4j
 * prints it from native code every round unless the params it trains with hold {@code verbose_eval
 * = 0}, and xgboost4j-spark 3.1.1 passes on only the Spark params an estimator declares, none of
 * that name; its estimators cannot be subclassed from Java (Scala bridge methods), so {@link
 * #quiet} adds the param to one estimator instance. The rounds are printed when the logger {@code
 * io.lakeml.ml.QuietXGBoost} is at DEBUG. Early stopping reads the evaluation either way.
 */
final class QuietXGBoost {
  /** The name xgboost4j reads; it counts rounds between two printed evaluations, 0 for none. */
  static final String VERBOSE_EVAL = "verbose_eval";

  private static final Logger LOG = LoggerFactory.getLogger(QuietXGBoost.class);

  private QuietXGBoost() {}

  /**
   * Declares {@code verbose_eval} on {@code estimator} and sets it: 1 when this class's logger is
   * at DEBUG, else 0. Should Spark's params change shape, the estimator stays as it was (verbose).
   */
  static void quiet(XGBoostEstimator<?, ?> estimator) {
    PipelineStage stage = (PipelineStage) estimator;
    IntParam verbose =
        new IntParam(
            stage,
            VERBOSE_EVAL,
            "rounds between two printed evaluations (0: never)",
            ParamValidators.gtEq(0));
    try {
      Field declared = PipelineStage.class.getDeclaredField("params");
      declared.setAccessible(true);
      Param<?>[] params = stage.params(); // computed once, then read from the field
      Param<?>[] extended = Arrays.copyOf(params, params.length + 1);
      extended[params.length] = verbose;
      declared.set(stage, extended);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Cannot quiet XGBoost's per-round log: {}", e.toString());
      return;
    }
    stage.set(verbose, LOG.isDebugEnabled() ? 1 : 0);
  }
}
