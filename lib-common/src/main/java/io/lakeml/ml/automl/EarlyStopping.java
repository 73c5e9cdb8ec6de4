package io.lakeml.ml.automl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.lakeml.pipeline.Algorithm;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostEstimator;
import ml.dmlc.xgboost4j.scala.spark.XGBoostModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Early stopping of a trial on a share of its fit rows (those with {@link #COLUMN} true), with each
 * library's own machinery: XGBoost evaluates the held rows as its eval set and stops after {@code
 * rounds} rounds without improvement ({@code numEarlyStoppingRounds}); MLlib GBT stops at the first
 * iteration that does not lower the held rows' error ({@code validationIndicatorCol}, {@code
 * validationTol} 0). The rounds a model used become the trial's round param on the leaderboard; the
 * winner is refit with them scaled to every training row.
 */
final class EarlyStopping {
  /** The boolean column marking the fit rows early stopping evaluates. */
  static final String COLUMN = "_stop";

  /** The share of fit rows held for early stopping. */
  static final double SHARE = 0.1;

  private EarlyStopping() {}

  /** Whether {@code algorithm} stops early. */
  static boolean supports(Algorithm algorithm) {
    return algorithm == Algorithm.XGBOOST || algorithm == Algorithm.GBT;
  }

  /** The param that counts boosting rounds: {@code numRound} or {@code maxIter}. */
  static String roundsParam(Algorithm algorithm) {
    return algorithm == Algorithm.XGBOOST ? "numRound" : "maxIter";
  }

  /** Fits {@code estimator} of {@code algorithm} on {@code rows}, stopping early. */
  static Model<?> fit(
      Algorithm algorithm, Predictor<?, ?, ?> estimator, Dataset<Row> rows, int rounds) {
    if (algorithm == Algorithm.XGBOOST) {
      estimator.set(estimator.getParam("numEarlyStoppingRounds"), rounds);
      ((XGBoostEstimator<?, ?>) estimator).setEvalDataset(rows.where(col(COLUMN)));
      return estimator.fit(rows.where(not(col(COLUMN))));
    }
    estimator.set(estimator.getParam("validationIndicatorCol"), COLUMN);
    // MLlib stops at the first tree that improves the held rows' error by less than validationTol
    // times that error; its default 0.01 stops small-step boosting after a tree or two (1-2 of 9-18
    // trees in the AutoML benchmark). 0 stops when the error stops falling.
    estimator.set(estimator.getParam("validationTol"), 0.0);
    return estimator.fit(rows);
  }

  /** {@code trial} with {@code rounds} boosting rounds. */
  static Trial withRounds(Trial trial, int rounds) {
    Map<String, String> params = new LinkedHashMap<>(trial.params());
    params.put(roundsParam(trial.algorithm()), Integer.toString(rounds));
    return new Trial(trial.number(), trial.algorithm(), params);
  }

  /**
   * {@code trial} as its refit on every training row, {@code scale} times the rows it was fitted
   * on: more rows support more rounds, so the {@code used} rounds are scaled, up to the trial's own
   * maximum.
   */
  static Trial refit(Trial trial, int used, double scale) {
    String maximum = trial.params().get(roundsParam(trial.algorithm()));
    double scaled = Math.ceil(used * scale);
    return withRounds(
        trial, (int) (maximum == null ? scaled : Math.min(scaled, Integer.parseInt(maximum))));
  }

  /** The boosting rounds {@code model} uses: up to its best iteration (XGBoost), or its trees. */
  static int roundsUsed(Model<?> model) {
    if (model instanceof XGBoostModel xgboost) {
      try {
        Map<String, String> attributes =
            scala.jdk.javaapi.CollectionConverters.asJava(xgboost.nativeBooster().getAttrs());
        String best = attributes.get("best_iteration");
        return best == null
            ? (int) xgboost.nativeBooster().getNumBoostedRound()
            : Integer.parseInt(best) + 1;
      } catch (XGBoostError e) {
        throw new IllegalStateException("Cannot read the rounds of an XGBoost model", e);
      }
    } else if (model instanceof GBTClassificationModel gbt) {
      return gbt.getNumTrees();
    } else if (model instanceof GBTRegressionModel gbt) {
      return gbt.getNumTrees();
    }
    throw new IllegalArgumentException("Cannot count the rounds of " + model.getClass());
  }
}
