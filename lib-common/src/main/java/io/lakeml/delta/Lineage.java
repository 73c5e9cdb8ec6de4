package io.lakeml.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a derived write was computed from: the version of every input and a digest of the definition
 * (SQL, schema, model config). Stored as JSON in the Delta commit's {@code userMetadata}; a stage
 * whose current lineage equals the table's last one has nothing to do, which is what makes reruns
 * write nothing.
 *
 * @param inputs input name (a table id, or {@code model:<name>}) to version
 * @param definition digest of what the stage was asked to compute
 */
public record Lineage(Map<String, Long> inputs, String definition) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Lineage {
    inputs = new TreeMap<>(inputs);
  }

  /** The JSON kept in the commit. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(Map.of("lakeml.lineage", this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A map of strings and numbers always serializes", e);
    }
  }

  /** The lineage in a commit's {@code userMetadata}, if lakeml wrote one. */
  public static Optional<Lineage> fromJson(String userMetadata) {
    if (userMetadata == null || !userMetadata.contains("lakeml.lineage")) {
      return Optional.empty();
    }
    try {
      var node = JSON.readTree(userMetadata).get("lakeml.lineage");
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      return Optional.ofNullable(JSON.treeToValue(node, Lineage.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
