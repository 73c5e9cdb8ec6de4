package io.lakeml.config;

import java.util.Objects;

/**
 * A credential read from the environment or a credentials file. Its text is reachable only through
 * {@link #reveal()}, so printing a config record, a log line or an error never shows it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret's text, for the one place that hands it to a driver. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "******";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
