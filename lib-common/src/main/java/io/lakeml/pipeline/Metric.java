package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;

/** A model metric: the leaderboard ranks candidates by one, declared as {@code automl.metric}. */
public enum Metric {
  AUC_ROC(true, true),
  AUC_PR(true, true),
  LOG_LOSS(true, false),
  ACCURACY(true, true),
  F1(true, true),
  RMSE(false, false),
  MAE(false, false),
  R2(false, true);

  private final boolean classification;
  private final boolean largerIsBetter;

  Metric(boolean classification, boolean largerIsBetter) {
    this.classification = classification;
    this.largerIsBetter = largerIsBetter;
  }

  /** Whether the metric applies to {@code task}. */
  public boolean supports(Task task) {
    return classification == (task == Task.BINARY_CLASSIFICATION);
  }

  /** Whether a larger value is a better model. */
  public boolean largerIsBetter() {
    return largerIsBetter;
  }

  /** The metric models of {@code task} are ranked by unless one is declared. */
  public static Metric defaultFor(Task task) {
    return task == Task.BINARY_CLASSIFICATION ? AUC_ROC : RMSE;
  }

  /** The key in a model's metrics map: {@code auc_roc}, {@code rmse}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return ConfigReader.kebab(this);
  }
}
