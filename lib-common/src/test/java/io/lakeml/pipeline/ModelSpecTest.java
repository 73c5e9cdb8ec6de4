package io.lakeml.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void kebabCaseIsHowPipelineFilesSpellMllibParams() {
    assertThat(ModelSpec.kebabCase("maxIter")).isEqualTo("max-iter");
    assertThat(ModelSpec.kebabCase("minInstancesPerNode")).isEqualTo("min-instances-per-node");
    assertThat(ModelSpec.kebabCase("maxMemoryInMB")).isEqualTo("max-memory-in-mb");
    assertThat(ModelSpec.kebabCase("seed")).isEqualTo("seed");
  }

  @Test
  void configureSetsNumbersAndBooleansOnAnEstimator() {
    GBTClassifier gbt = new GBTClassifier();

    ModelSpec.configure(gbt, Map.of("maxIter", "7", "stepSize", "0.3", "cacheNodeIds", "true"));

    assertThat(gbt.getMaxIter()).isEqualTo(7);
    assertThat(gbt.getStepSize()).isEqualTo(0.3);
    assertThat(gbt.getCacheNodeIds()).isTrue();
  }

  @Test
  void aWholeNumberSetsADoubleParam() {
    XGBoostClassifier xgboost = new XGBoostClassifier();

    ModelSpec.configure(xgboost, Map.of("min_child_weight", "5", "eta", "1"));

    assertThat(xgboost.getMinChildWeight()).isEqualTo(5.0);
    assertThat(xgboost.getEta()).isEqualTo(1.0);
  }

  @Test
  void configureSetsArrays() {
    LogisticRegression logistic = new LogisticRegression();

    ModelSpec.configure(logistic, Map.of("thresholds", "[0.4,0.6]"));

    assertThat(logistic.getThresholds()).containsExactly(0.4, 0.6);
  }

  @Test
  void configureSetsJsonQuotedStrings() {
    RandomForestClassifier forest = new RandomForestClassifier();

    ModelSpec.configure(forest, Map.of("impurity", "\"entropy\""));

    assertThat(forest.getImpurity()).isEqualTo("entropy");
  }

  @Test
  void configureSetsPlainStrings() {
    RandomForestClassifier forest = new RandomForestClassifier();

    ModelSpec.configure(forest, Map.of("impurity", "entropy"));

    assertThat(forest.getImpurity()).isEqualTo("entropy");
  }

  @Test
  void configureRejectsUnknownParam() {
    assertThatThrownBy(() -> ModelSpec.configure(new GBTClassifier(), Map.of("noSuchParam", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown param 'noSuchParam' of GBTClassifier");
  }

  @Test
  void configureRejectsInvalidValue() {
    assertThatThrownBy(() -> ModelSpec.configure(new GBTClassifier(), Map.of("maxDepth", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter maxDepth given invalid value -1");
  }

  @Test
  void explicitFeaturesListNumericBeforeCategoricalWithTheirTypes() {
    FeatureSpec features = FeatureSpec.of(List.of("distance", "hour"), List.of("origin"));

    assertThat(features.columns()).containsExactly("distance", "hour", "origin");
    assertThat(features.types())
        .containsEntry("distance", FeatureType.NUMERIC)
        .containsEntry("origin", FeatureType.CATEGORICAL);
    assertThat(features.auto()).isFalse();
  }

  @Test
  void algorithmsSupportTheirTasks() {
    assertThat(Algorithm.LOGISTIC_REGRESSION.supports(Task.BINARY_CLASSIFICATION)).isTrue();
    assertThat(Algorithm.LOGISTIC_REGRESSION.supports(Task.REGRESSION)).isFalse();
    assertThat(Algorithm.LINEAR_REGRESSION.supports(Task.REGRESSION)).isTrue();
    assertThat(Algorithm.LINEAR_REGRESSION.supports(Task.BINARY_CLASSIFICATION)).isFalse();
    assertThat(Algorithm.LOGISTIC_REGRESSION.supports(Task.MULTICLASS_CLASSIFICATION)).isTrue();
    assertThat(Algorithm.LINEAR_REGRESSION.supports(Task.MULTICLASS_CLASSIFICATION)).isFalse();
    assertThat(Algorithm.GBT.supports(Task.BINARY_CLASSIFICATION)).isTrue();
    assertThat(Algorithm.GBT.supports(Task.REGRESSION)).isTrue();
    assertThat(Algorithm.GBT.supports(Task.MULTICLASS_CLASSIFICATION)).isFalse();
    for (Task task : Task.values()) {
      assertThat(Algorithm.RANDOM_FOREST.supports(task)).isTrue();
      assertThat(Algorithm.XGBOOST.supports(task)).isTrue();
    }
  }

  @Test
  void multiclassModelsHaveClassificationMetricsRankedByLogLoss() {
    Task multiclass = Task.MULTICLASS_CLASSIFICATION;

    assertThat(Metric.defaultFor(multiclass)).isEqualTo(Metric.LOG_LOSS);
    assertThat(List.of(Metric.values()).stream().filter(metric -> metric.supports(multiclass)))
        .containsExactly(Metric.LOG_LOSS, Metric.ACCURACY, Metric.F1);
    assertThat(Algorithm.XGBOOST.estimator(multiclass)).isInstanceOf(XGBoostClassifier.class);
    assertThat(Algorithm.LOGISTIC_REGRESSION.estimator(multiclass))
        .isInstanceOf(LogisticRegression.class);
  }

  @Test
  void algorithmsBuildTheEstimatorOfTheTask() {
    Task classify = Task.BINARY_CLASSIFICATION;
    assertThat(Algorithm.LOGISTIC_REGRESSION.estimator(classify))
        .isInstanceOf(LogisticRegression.class);
    assertThat(Algorithm.RANDOM_FOREST.estimator(classify))
        .isInstanceOf(RandomForestClassifier.class);
    assertThat(Algorithm.GBT.estimator(classify)).isInstanceOf(GBTClassifier.class);
    assertThat(Algorithm.LINEAR_REGRESSION.estimator(Task.REGRESSION))
        .isInstanceOf(LinearRegression.class);
    assertThat(Algorithm.RANDOM_FOREST.estimator(Task.REGRESSION))
        .isInstanceOf(RandomForestRegressor.class);
    assertThat(Algorithm.GBT.estimator(Task.REGRESSION)).isInstanceOf(GBTRegressor.class);
    assertThat(Algorithm.XGBOOST.estimator(classify)).isInstanceOf(XGBoostClassifier.class);
    assertThat(Algorithm.XGBOOST.estimator(Task.REGRESSION)).isInstanceOf(XGBoostRegressor.class);
  }

  @Test
  void onlyRegressionsAreLinear() {
    assertThat(Algorithm.LOGISTIC_REGRESSION.isLinear()).isTrue();
    assertThat(Algorithm.LINEAR_REGRESSION.isLinear()).isTrue();
    assertThat(Algorithm.RANDOM_FOREST.isLinear()).isFalse();
    assertThat(Algorithm.GBT.isLinear()).isFalse();
  }

  @Test
  void algorithmsPrintInKebabCase() {
    assertThat(Algorithm.LOGISTIC_REGRESSION).hasToString("logistic-regression");
    assertThat(Algorithm.GBT).hasToString("gbt");
  }
}
