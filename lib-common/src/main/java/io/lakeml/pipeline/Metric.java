package io.lakeml.pipeline;

import static io.lakeml.pipeline.Task.BINARY_CLASSIFICATION;
import static io.lakeml.pipeline.Task.MULTICLASS_CLASSIFICATION;
import static io.lakeml.pipeline.Task.REGRESSION;

import io.lakeml.config.ConfigReader;
import java.util.EnumSet;
import java.util.Set;

/**
 * A model metric: the leaderboard ranks candidates by one, declared as {@code automl.metric}. F1 is
 * the positive class's for binary classification and the class-weighted mean for multiclass.
 */
public enum Metric {
  AUC_ROC(EnumSet.of(BINARY_CLASSIFICATION), true),
  AUC_PR(EnumSet.of(BINARY_CLASSIFICATION), true),
  LOG_LOSS(EnumSet.of(BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION), false),
  ACCURACY(EnumSet.of(BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION), true),
  F1(EnumSet.of(BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION), true),
  RMSE(EnumSet.of(REGRESSION), false),
  MAE(EnumSet.of(REGRESSION), false),
  R2(EnumSet.of(REGRESSION), true);

  private final Set<Task> tasks;
  private final boolean largerIsBetter;

  Metric(Set<Task> tasks, boolean largerIsBetter) {
    this.tasks = tasks;
    this.largerIsBetter = largerIsBetter;
  }

  /** Whether the metric applies to {@code task}. */
  public boolean supports(Task task) {
    return tasks.contains(task);
  }

  /** Whether a larger value is a better model. */
  public boolean largerIsBetter() {
    return largerIsBetter;
  }

  /** The metric models of {@code task} are ranked by unless one is declared. */
  public static Metric defaultFor(Task task) {
    return switch (task) {
      case BINARY_CLASSIFICATION -> AUC_ROC;
      case MULTICLASS_CLASSIFICATION -> LOG_LOSS;
      case REGRESSION -> RMSE;
    };
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
