package io.lakeml.quality;

import java.util.List;
import java.util.Optional;

/**
 * What the gate measured on one batch.
 *
 * @param results one result per rule
 * @param rows rows in the batch
 * @param dropped rows whose strongest broken rule drops them
 * @param quarantined rows whose strongest broken rule quarantines them
 */
public record QualityReport(
    List<QualityResult> results, long rows, long dropped, long quarantined) {
  public QualityReport {
    results = List.copyOf(results);
  }

  /** The first rule with action fail that the batch broke, if any. */
  public Optional<QualityResult> failure() {
    return results.stream()
        .filter(result -> result.action() == Action.FAIL && !result.passed())
        .findFirst();
  }
}
