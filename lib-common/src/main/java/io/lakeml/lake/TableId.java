package io.lakeml.lake;

import io.lakeml.errors.LakeErrors;
import java.util.regex.Pattern;

/**
 * A lake table identifier, {@code layer.name} (for example {@code silver.flights}); the only way
 * tables are named, so every location is derived from it by {@link LakeLayout}.
 */
public record TableId(Layer layer, String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** Validates the name; use {@link #parse} for text. */
  public TableId {
    if (layer == null) {
      throw LakeErrors.tableIdInvalid("?." + name, "layer is missing");
    }
    if (!isValidName(name)) {
      throw LakeErrors.tableIdInvalid(
          layer.folder() + "." + name, "name '" + name + "' is not snake_case");
    }
  }

  /** Whether {@code name} is a valid table, source or model name: {@code [a-z][a-z0-9_]*}. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Parses {@code layer.name}. */
  public static TableId parse(String text) {
    int dot = text.indexOf('.');
    if (dot < 0 || dot != text.lastIndexOf('.')) {
      throw LakeErrors.tableIdInvalid(text, "expected exactly one '.'");
    }
    String layer = text.substring(0, dot);
    for (Layer candidate : Layer.values()) {
      if (candidate.folder().equals(layer)) {
        return new TableId(candidate, text.substring(dot + 1));
      }
    }
    throw LakeErrors.tableIdInvalid(text, "unknown layer '" + layer + "'");
  }

  /** The id of the quarantine table kept beside this one. */
  public TableId quarantine() {
    return new TableId(layer, name + "_quarantine");
  }

  @Override
  public String toString() {
    return layer.folder() + "." + name;
  }
}
