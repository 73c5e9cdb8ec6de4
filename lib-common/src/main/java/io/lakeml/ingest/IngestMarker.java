package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.lake.TableId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * What an ingest commit records in its Delta {@code userMetadata}: the source, the batch (its
 * sequence number) and, for JDBC sources, the watermark the committed rows reach. Kept in the same
 * commit as the rows, so the two can never disagree.
 *
 * @param source the source name
 * @param batch the micro-batch id (files) or the run's sequence number (JDBC)
 * @param watermark the highest watermark value committed (JDBC), as text
 */
record IngestMarker(String source, long batch, Optional<String> watermark) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "lakeml.ingest";

  /** The JSON kept in the commit. */
  String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("source", source);
    fields.put("batch", batch);
    watermark.ifPresent(value -> fields.put("watermark", value));
    try {
      return JSON.writeValueAsString(Map.of(KEY, fields));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A map of strings and numbers always serializes", e);
    }
  }

  /** The newest marker {@code source} left in {@code table}'s history, if any. */
  static Optional<IngestMarker> latest(Lake lake, TableId table, String source) {
    if (!lake.exists(table)) {
      return Optional.empty();
    }
    String needle = "\"source\":" + quoted(source);
    for (Row commit :
        DeltaTable.forPath(lake.spark(), lake.layout().table(table))
            .history()
            .where(col("userMetadata").contains(needle))
            .orderBy(col("version").desc())
            .select("userMetadata")
            .collectAsList()) {
      Optional<IngestMarker> marker = parse(commit.getString(0));
      if (marker.isPresent() && marker.get().source().equals(source)) {
        return marker;
      }
    }
    return Optional.empty();
  }

  static Optional<IngestMarker> parse(String userMetadata) {
    try {
      JsonNode node = JSON.readTree(userMetadata).get(KEY);
      if (node == null || !node.has("source") || !node.has("batch")) {
        return Optional.empty();
      }
      return Optional.of(
          new IngestMarker(
              node.get("source").asText(),
              node.get("batch").asLong(),
              Optional.ofNullable(node.get("watermark")).map(JsonNode::asText)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A string always serializes", e);
    }
  }
}
