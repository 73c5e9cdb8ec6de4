package io.lakeml.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header line of each CSV file, so columns map by name: files whose columns come in another
 * order, lack a column or add one are read correctly, one read per distinct header.
 */
final class CsvHeaders {
  private CsvHeaders() {}

  /**
   * The files grouped by header, in first-seen order; empty files, which hold no record, are left
   * out. Headers are read in parallel: on object stores each is a round trip.
   */
  static Map<List<String>, List<String>> group(
      Configuration hadoop, List<String> files, Map<String, String> options) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, Math.max(1, files.size())));
    try {
      List<Future<Optional<List<String>>>> headers = new ArrayList<>();
      for (String file : files) {
        headers.add(pool.submit(() -> read(hadoop, file, options)));
      }
      Map<List<String>, List<String>> groups = new LinkedHashMap<>();
      for (int index = 0; index < files.size(); index++) {
        String file = files.get(index);
        result(headers.get(index))
            .ifPresent(names -> groups.computeIfAbsent(names, key -> new ArrayList<>()).add(file));
      }
      return groups;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T result(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading CSV headers", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  /** The column names in the file's first line; empty for an empty file. */
  static Optional<List<String>> read(
      Configuration hadoop, String file, Map<String, String> options) {
    Path path = new Path(file);
    Charset charset =
        Charset.forName(ReaderOptions.get(options, "encoding", "charset").orElse("UTF-8"));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset))) {
        String line = reader.readLine();
        if (line == null) {
          return Optional.empty();
        }
        return Optional.of(split(line.replace("\uFEFF", ""), options));
      }
    } catch (IOException e) {
      throw new UnreadableFileException(file, "cannot read the header: " + e, e);
    }
  }

  /**
   * Splits a header line on the delimiter, honouring quotes; names blank or repeated are made
   * unique as Spark does.
   */
  static List<String> split(String line, Map<String, String> options) {
    String delimiter = ReaderOptions.get(options, "sep", "delimiter").orElse(",");
    char quote =
        ReaderOptions.get(options, "quote").filter(q -> !q.isEmpty()).orElse("\"").charAt(0);
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int index = 0; index < line.length(); index++) {
      char next = line.charAt(index);
      if (next == quote) {
        if (quoted && index + 1 < line.length() && line.charAt(index + 1) == quote) {
          name.append(quote);
          index++;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && line.startsWith(delimiter, index)) {
        names.add(name.toString());
        name.setLength(0);
        index += delimiter.length() - 1;
      } else {
        name.append(next);
      }
    }
    names.add(name.toString());
    return unique(names);
  }

  private static List<String> unique(List<String> names) {
    Map<String, Long> counts =
        names.stream().collect(Collectors.groupingBy(CsvHeaders::key, Collectors.counting()));
    List<String> result = new ArrayList<>();
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index).strip();
      if (name.isEmpty()) {
        result.add("_c" + index);
      } else {
        result.add(counts.get(key(name)) > 1 ? name + index : name);
      }
    }
    return result;
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }
}
