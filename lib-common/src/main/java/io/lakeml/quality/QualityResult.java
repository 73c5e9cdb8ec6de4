package io.lakeml.quality;

/**
 * The outcome of one rule on one batch.
 *
 * @param rule the rule name
 * @param kind {@code row} for expectations, or the table check's kind
 * @param action the rule's action
 * @param rowsChecked rows in the batch
 * @param rowsFailed rows that broke it (0 or 1 for table checks: did the batch fail)
 * @param passed whether the batch passed it
 * @param observed the measured value, for table checks ("null ratio 0.0123")
 */
public record QualityResult(
    String rule,
    String kind,
    Action action,
    long rowsChecked,
    long rowsFailed,
    boolean passed,
    String observed) {}
