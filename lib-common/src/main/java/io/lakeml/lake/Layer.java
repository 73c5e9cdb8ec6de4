package io.lakeml.lake;

import java.util.Locale;

/** The medallion layers of the lake, each a folder under the lake root and a catalog schema. */
public enum Layer {
  BRONZE,
  SILVER,
  GOLD;

  /** The folder and catalog schema name: {@code bronze}, {@code silver} or {@code gold}. */
  public String folder() {
    return name().toLowerCase(Locale.ROOT);
  }
}
