package io.lakeml.ml;

import static org.assertj.core.api.Assertions.assertThat;

import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The params xgboost4j trains with (its per-round print reads them) hold verbose_eval = 0. */
class QuietXGBoostTest {

  @Test
  void aQuietEstimatorTrainsWithVerboseEvalZero() {
    XGBoostClassifier classifier = new XGBoostClassifier();
    XGBoostRegressor regressor = new XGBoostRegressor();

    QuietXGBoost.quiet(classifier);
    QuietXGBoost.quiet(regressor);

    assertThat(CollectionConverters.asJava(classifier.getXGBoostParams()))
        .containsEntry(QuietXGBoost.VERBOSE_EVAL, 0);
    assertThat(CollectionConverters.asJava(regressor.getXGBoostParams()))
        .containsEntry(QuietXGBoost.VERBOSE_EVAL, 0);
  }

  @Test
  void anEstimatorLeftAsItIsPassesNoVerboseEval() {
    assertThat(CollectionConverters.asJava(new XGBoostClassifier().getXGBoostParams()))
        .doesNotContainKey(QuietXGBoost.VERBOSE_EVAL);
  }
}
