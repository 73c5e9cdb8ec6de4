package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import java.util.Arrays;
import java.util.Optional;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;

/** The estimators a model can declare or AutoML can try, each for the tasks it supports. */
public enum Algorithm {
  LOGISTIC_REGRESSION,
  LINEAR_REGRESSION,
  RANDOM_FOREST,
  GBT,
  XGBOOST;

  /** Whether this algorithm solves {@code task}; {@code gbt} is not multiclass. */
  public boolean supports(Task task) {
    return switch (this) {
      case LOGISTIC_REGRESSION -> task.classifies();
      case LINEAR_REGRESSION -> task == Task.REGRESSION;
      // MLlib's gradient-boosted trees classify two classes only.
      case GBT -> task != Task.MULTICLASS_CLASSIFICATION;
      case RANDOM_FOREST, XGBOOST -> true;
    };
  }

  /** Linear models want one-hot categoricals and scaled numbers; trees take category indexes. */
  public boolean isLinear() {
    return this == LOGISTIC_REGRESSION || this == LINEAR_REGRESSION;
  }

  /** A new, unconfigured estimator for {@code task}; {@link #supports} must hold. */
  public Predictor<?, ?, ?> estimator(Task task) {
    boolean classify = task.classifies();
    return switch (this) {
      case LOGISTIC_REGRESSION -> new LogisticRegression();
      case LINEAR_REGRESSION -> new LinearRegression();
      case RANDOM_FOREST -> classify ? new RandomForestClassifier() : new RandomForestRegressor();
      case GBT -> classify ? new GBTClassifier() : new GBTRegressor();
      case XGBOOST -> classify ? new XGBoostClassifier() : new XGBoostRegressor();
    };
  }

  /** The algorithm of that name ({@code gbt}, {@code random-forest}, ...), as registered. */
  public static Optional<Algorithm> named(String name) {
    return Arrays.stream(values()).filter(value -> value.toString().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return ConfigReader.kebab(this);
  }
}
