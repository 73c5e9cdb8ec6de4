package io.lakeml.pipeline;

/** What a model predicts. */
public enum Task {
  /** A 0/1 label; ranked by area under the ROC curve unless another metric is declared. */
  BINARY_CLASSIFICATION,
  /** A numeric label; ranked by root mean squared error unless another metric is declared. */
  REGRESSION
}
