package io.lakeml.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeml.delta.Commit;
import io.lakeml.delta.Lake;
import io.lakeml.lake.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an ingest commit records in its Delta {@code userMetadata}: the source, the writer that
 * numbers its batches, the batch (its sequence number) and, for JDBC sources, the watermark the
 * committed rows reach. Kept in the same commit as the rows, so the two can never disagree; a batch
 * replayed after a crash finds its own marker and is not committed twice.
 *
 * @param source the source name
 * @param writer what numbers the batches: the file stream's query id, or {@code jdbc}
 * @param batch the micro-batch id (files) or the run's sequence number (JDBC)
 * @param watermark the highest watermark value committed (JDBC), as text
 */
record IngestMarker(String source, String writer, long batch, Optional<String> watermark) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "lakeml.ingest";
  // Commits read by the first look back; each further look reads eight times as many. The newest
  // marker is nearly always in the last commit.
  private static final int FIRST_LOOK = 8;

  /** The JSON kept in the commit. */
  String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("source", source);
    fields.put("writer", writer);
    fields.put("batch", batch);
    watermark.ifPresent(value -> fields.put("watermark", value));
    try {
      return JSON.writeValueAsString(Map.of(KEY, fields));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A map of strings and numbers always serializes", e);
    }
  }

  /**
   * Whether {@code table} already holds this batch: its source's newest marker there comes from the
   * same writer and a batch at least as far. Batches commit in order and one writer holds the lake
   * at a time (the writer lock), so only the newest marker needs reading.
   */
  boolean committedIn(Lake lake, TableId table) {
    return latest(lake, table, source)
        .filter(newest -> newest.writer().equals(writer) && newest.batch() >= batch)
        .isPresent();
  }

  /**
   * The newest marker {@code source} left in {@code table}'s history, if any. Reads the last few
   * commits first, and further back only when none of them carries one (say, after maintenance
   * commits), so a long history is not read on every run.
   */
  static Optional<IngestMarker> latest(Lake lake, TableId table, String source) {
    for (int look = FIRST_LOOK; ; look *= 8) {
      List<Commit> commits = lake.lastCommits(table, look);
      Optional<IngestMarker> newest =
          commits.stream()
              .flatMap(commit -> commit.userMetadata().flatMap(IngestMarker::parse).stream())
              .filter(marker -> marker.source().equals(source))
              .findFirst();
      if (newest.isPresent() || commits.size() < look) {
        return newest;
      }
    }
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
              Optional.ofNullable(node.get("writer")).map(JsonNode::asText).orElse(""),
              node.get("batch").asLong(),
              Optional.ofNullable(node.get("watermark")).map(JsonNode::asText)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
