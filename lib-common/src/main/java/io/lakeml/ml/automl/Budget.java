package io.lakeml.ml.automl;

import java.time.Duration;

/**
 * The time left to a model's train stage, from the moment it started. Trials are launched only
 * while the time they are expected to take, plus the refit of the winner, still fits.
 */
public final class Budget {
  private final long startNanos;
  private final Duration total;

  private Budget(long startNanos, Duration total) {
    this.startNanos = startNanos;
    this.total = total;
  }

  /** A budget of {@code total} starting now. */
  public static Budget start(Duration total) {
    return new Budget(System.nanoTime(), total);
  }

  /** Seconds since the start. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The whole budget in seconds. */
  public double totalSeconds() {
    return total.toMillis() / 1000.0;
  }

  /** Whether work expected to take {@code seconds} more still ends within the budget. */
  public boolean fits(double seconds) {
    return elapsedSeconds() + seconds <= totalSeconds();
  }
}
