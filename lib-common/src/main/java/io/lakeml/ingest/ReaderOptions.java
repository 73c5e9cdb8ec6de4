package io.lakeml.ingest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Spark reader options as lakeml reads them: keys match case-insensitively, as in Spark. */
final class ReaderOptions {
  /** The column Spark's CSV and JSON readers put a malformed record's text in. */
  static final String CORRUPT = "_corrupt_record";

  private static final Set<String> LINE_OPTIONS =
      Set.of(
          "sep",
          "delimiter",
          "quote",
          "escape",
          "chartoescapequoteescaping",
          "nullvalue",
          "emptyvalue",
          "ignoreleadingwhitespace",
          "ignoretrailingwhitespace",
          "unescapedquotehandling",
          "maxcharspercolumn");

  private ReaderOptions() {}

  /** The first of {@code keys} that is set. */
  static Optional<String> get(Map<String, String> options, String... keys) {
    for (String key : keys) {
      for (Map.Entry<String, String> entry : options.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(key)) {
          return Optional.of(entry.getValue());
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a boolean option is true. */
  static boolean isTrue(Map<String, String> options, String key) {
    return get(options, key).map(value -> value.strip().equalsIgnoreCase("true")).orElse(false);
  }

  /** The options that parse one CSV line, for a line read again as text. */
  static Map<String, String> forLine(Map<String, String> options) {
    Map<String, String> line = new LinkedHashMap<>();
    options.forEach(
        (key, value) -> {
          if (LINE_OPTIONS.contains(key.toLowerCase(Locale.ROOT))) {
            line.put(key, value);
          }
        });
    line.put("mode", "PERMISSIVE");
    line.put("columnNameOfCorruptRecord", CORRUPT);
    return line;
  }

  /**
   * The options a batch read uses: the pipeline's, with malformed records kept (PERMISSIVE, in
   * {@link #CORRUPT}) and no type inference, since lakeml types the values itself.
   */
  static Map<String, String> forRead(Map<String, String> options) {
    Map<String, String> read = new LinkedHashMap<>();
    options.forEach(
        (key, value) -> {
          String lower = key.toLowerCase(Locale.ROOT);
          if (!lower.equals("mode")
              && !lower.equals("columnnameofcorruptrecord")
              && !lower.equals("inferschema")
              && !lower.equals("enforceschema")) {
            read.put(key, value);
          }
        });
    read.put("mode", "PERMISSIVE");
    read.put("columnNameOfCorruptRecord", CORRUPT);
    return read;
  }
}
