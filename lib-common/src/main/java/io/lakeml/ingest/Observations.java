package io.lakeml.ingest;

import java.util.Map;
import org.apache.spark.sql.Observation;

/** Reads the metrics a write collected on the way, so counting costs no extra pass. */
final class Observations {
  private Observations() {}

  /** The observed metrics; call only after the observed Dataset's action ran. */
  static Map<String, Object> get(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while counting an ingested batch", e);
    }
  }
}
