package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;

/**
 * How a feature column is turned into model inputs; detected from the data or declared per column
 * ({@code features.types.<column> = categorical}).
 */
public enum FeatureType {
  /** Numbers: median-imputed with a missing indicator; scaled for linear models. */
  NUMERIC,
  /** Few distinct values: indexed (unseen values kept), one-hot for linear models. */
  CATEGORICAL,
  /** Many distinct values: frequency and out-of-fold target encoding. */
  HIGH_CARDINALITY,
  /** true/false: 1/0 with a missing indicator. */
  BOOLEAN,
  /** Timestamps and dates: hour, weekday, month and a weekend flag. */
  TIMESTAMP,
  /** Free text: tokens hashed into a fixed number of term counts. */
  TEXT,
  /** Identifiers, unique per row: never used as a feature. */
  ID;

  @Override
  public String toString() {
    return ConfigReader.kebab(this);
  }
}
