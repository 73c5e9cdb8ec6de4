package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.TableId;
import java.util.ArrayList;
import java.util.List;

/** Reads the named entries of a pipeline object, each beneath its defaults. */
final class Entries {
  private Entries() {}

  /** How one entry becomes a value. */
  interface Reader<T> {
    T read(String name, ConfigReader entry);
  }

  /**
   * Each entry of the object at {@code path} (none when absent), in name order, read beneath {@code
   * defaults.<kind>}; names must be snake_case.
   */
  static <T> List<T> read(
      ConfigReader parent, String path, ConfigReader defaults, String kind, Reader<T> reader) {
    if (!parent.has(path)) {
      return List.of();
    }
    ConfigReader entries = parent.child(path);
    List<T> result = new ArrayList<>();
    for (String name : entries.keys()) {
      if (!TableId.isValidName(name)) {
        throw LakeErrors.configInvalid(
            entries.location(name),
            entries.fullPath(name),
            "a snake_case name ([a-z][a-z0-9_]*)",
            "'" + name + "'");
      }
      result.add(reader.read(name, entries.child(name).withFallback(defaults.child(kind))));
    }
    return result;
  }
}
