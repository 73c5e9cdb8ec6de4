package io.lakeml.lake;

/** lakeml's own Delta tables under {@code _lakeml/}. */
public enum SystemTable {
  /** One row per stage run: status, rows in and out, table versions, timings. */
  RUNS("runs"),
  /** One row per model version: metrics, params, lineage. */
  REGISTRY("registry"),
  /** One row per AutoML trial per model version: candidate, params, score, fit time, rank. */
  LEADERBOARD("leaderboard"),
  /** One row per quality rule per refined table per run: rows checked and failed, action. */
  QUALITY("quality");

  /** The catalog schema they are registered in: {@code lakeml.runs}, {@code lakeml.registry}. */
  public static final String SCHEMA = "lakeml";

  private final String folder;

  SystemTable(String folder) {
    this.folder = folder;
  }

  /** The folder under {@code _lakeml/}. */
  public String folder() {
    return folder;
  }
}
