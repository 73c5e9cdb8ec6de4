package io.lakeml.quality;

/** What happens to a row, or a batch, that breaks a rule; later constants are stronger. */
public enum Action {
  /** Kept in silver and counted. */
  WARN,
  /** Left out of silver and counted, not kept anywhere. */
  DROP,
  /** Left out of silver and kept in {@code silver.<table>_quarantine} with the rules it broke. */
  QUARANTINE,
  /** The run stops before writing anything. */
  FAIL
}
