package io.lakeml.ml.features;

/**
 * A sanity check's finding about one feature column.
 *
 * @param column the column
 * @param check the check: {@code id}, {@code constant}, {@code leak}, {@code duplicate}, {@code
 *     null-in-training}, {@code unsupported-type}
 * @param detail the measurement, e.g. {@code AUC 1.000 alone}
 * @param dropped whether the column was left out of the model
 */
public record FeatureIssue(String column, String check, String detail, boolean dropped) {
  /** One line for the train summary: {@code delay: leak (AUC 1.000 alone), dropped}. */
  public String describe() {
    return column + ": " + check + " (" + detail + ")" + (dropped ? ", dropped" : ", kept");
  }
}
