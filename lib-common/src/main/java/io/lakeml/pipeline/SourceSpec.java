package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.lake.Uris;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * A raw source: files of one format under one folder, ingested into one bronze table.
 *
 * @param name the source name ({@code sources.<name>})
 * @param format csv, json or parquet
 * @param path the folder URI; empty means the lake's {@code raw/<name>}
 * @param table the bronze table it lands in
 * @param options Spark reader options
 * @param schema the declared schema of the files
 */
public record SourceSpec(
    String name,
    String format,
    Optional<String> path,
    TableId table,
    Map<String, String> options,
    StructType schema) {
  private static final Set<String> FORMATS = Set.of("csv", "json", "parquet");

  public SourceSpec {
    options = Map.copyOf(options);
  }

  /** Where the source's files are: the declared path, or the lake's landing folder. */
  public String location(LakeLayout layout) {
    return path.orElseGet(() -> layout.raw(name));
  }

  static SourceSpec from(String name, ConfigReader source, Path pipelineDir) {
    String format =
        source.parsed(
            "format",
            "one of csv, json, parquet",
            value -> {
              String lower = value.toLowerCase(Locale.ROOT);
              if (!FORMATS.contains(lower)) {
                throw new IllegalArgumentException("unsupported format");
              }
              return lower;
            });
    TableId table =
        source.has("table")
            ? source.parsed("table", "a bronze table id like bronze." + name, TableId::parse)
            : new TableId(Layer.BRONZE, name);
    if (table.layer() != Layer.BRONZE) {
      throw LakeErrors.configInvalid(
          source.location("table"),
          source.fullPath("table"),
          "a bronze table id",
          table.toString());
    }
    Optional<String> path =
        source.has("path")
            ? Optional.of(
                source.parsed(
                    "path",
                    "a folder, relative to the pipeline file, or a URI",
                    value -> Uris.hasScheme(value) ? value : Uris.file(pipelineDir.resolve(value))))
            : Optional.empty();
    StructType schema =
        source.parsed("schema", "a DDL schema like \"id INT, name STRING\"", Schemas::parseDdl);
    return new SourceSpec(name, format, path, table, source.stringMap("options"), schema);
  }
}
