package io.lakeml.pipeline;

/** What a model predicts. */
public enum Task {
  /** A 0/1 label; evaluated by area under the ROC curve. */
  BINARY_CLASSIFICATION,
  /** A numeric label; evaluated by root mean squared error. */
  REGRESSION
}
