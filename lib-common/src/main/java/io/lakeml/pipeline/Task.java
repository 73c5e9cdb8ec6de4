package io.lakeml.pipeline;

/** What a model predicts. */
public enum Task {
  /** A 0/1 label; ranked by area under the ROC curve unless another metric is declared. */
  BINARY_CLASSIFICATION,
  /**
   * A label of several classes (strings or whole numbers), indexed inside the saved model and
   * predicted as its original values; ranked by log loss unless another metric is declared.
   */
  MULTICLASS_CLASSIFICATION,
  /** A numeric label; ranked by root mean squared error unless another metric is declared. */
  REGRESSION;

  /** Whether the model predicts a class (binary or multiclass). */
  public boolean classifies() {
    return this != REGRESSION;
  }
}
