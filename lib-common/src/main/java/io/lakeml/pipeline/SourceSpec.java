package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.lake.Uris;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * A raw source: files of one format under one folder, or a JDBC table, ingested into one bronze
 * table.
 *
 * @param name the source name ({@code sources.<name>})
 * @param format csv, json, parquet or jdbc
 * @param path the folder URI; empty means the lake's {@code raw/<name>}
 * @param table the bronze table it lands in
 * @param options Spark reader options
 * @param schema the declared schema; without fields when none is declared (inferred on first
 *     ingest, then kept by the bronze table)
 * @param evolveSchema whether a column new in later files is added to the bronze table (else its
 *     values go to {@code _rescued_data})
 * @param maxFilesPerBatch the most files one micro-batch (one Delta commit) reads
 * @param jdbc the JDBC settings of a {@code jdbc} source
 */
public record SourceSpec(
    String name,
    String format,
    Optional<String> path,
    TableId table,
    Map<String, String> options,
    StructType schema,
    boolean evolveSchema,
    int maxFilesPerBatch,
    Optional<JdbcSpec> jdbc) {
  /** Files per micro-batch when the pipeline does not say. */
  public static final int DEFAULT_MAX_FILES_PER_BATCH = 1000;

  private static final Set<String> FORMATS = Set.of("csv", "json", "parquet", "jdbc");
  private static final Set<String> CLEAN_SOURCE = Set.of("off", "archive", "delete");

  public SourceSpec {
    options = Map.copyOf(options);
  }

  /** A file source with the default batch size and no schema evolution. */
  public SourceSpec(
      String name,
      String format,
      Optional<String> path,
      TableId table,
      Map<String, String> options,
      StructType schema) {
    this(
        name,
        format,
        path,
        table,
        options,
        schema,
        false,
        DEFAULT_MAX_FILES_PER_BATCH,
        Optional.empty());
  }

  /** This source with schema evolution switched on or off. */
  public SourceSpec withEvolveSchema(boolean evolve) {
    return new SourceSpec(
        name, format, path, table, options, schema, evolve, maxFilesPerBatch, jdbc);
  }

  /** This source reading at most {@code files} files per micro-batch. */
  public SourceSpec withMaxFilesPerBatch(int files) {
    return new SourceSpec(name, format, path, table, options, schema, evolveSchema, files, jdbc);
  }

  /** Whether the pipeline declares the schema (else it is inferred on first ingest). */
  public boolean declaresSchema() {
    return schema.fields().length > 0;
  }

  /** The table that keeps the records this source could not parse: bronze.&lt;name&gt;_rejected. */
  public TableId rejectedTable() {
    return new TableId(Layer.BRONZE, name + "_rejected");
  }

  /**
   * The folder ingested files move to when the source archives them ({@code cleanSource = archive},
   * checked and resolved when the pipeline is read).
   */
  public Optional<String> archiveFolder() {
    boolean archives =
        optionKey(options, "cleanSource")
            .map(options::get)
            .filter("archive"::equalsIgnoreCase)
            .isPresent();
    return archives ? optionKey(options, "sourceArchiveDir").map(options::get) : Optional.empty();
  }

  /** Where the source's data is: the declared path, the lake's landing folder, or the JDBC URL. */
  public String location(LakeLayout layout) {
    if (jdbc.isPresent()) {
      return jdbc.get().describe();
    }
    return path.orElseGet(() -> layout.raw(name));
  }

  static SourceSpec from(String name, ConfigReader source, Path pipelineDir) {
    String format =
        source.parsed(
            "format",
            "one of csv, json, parquet, jdbc",
            value -> {
              String lower = value.toLowerCase(Locale.ROOT);
              if (!FORMATS.contains(lower)) {
                throw new IllegalArgumentException("unsupported format");
              }
              return lower;
            });
    StructType schema =
        source.has("schema")
            ? source.parsed(
                "schema", "a DDL schema like \"id INT, name STRING\"", Schemas::parseDdl)
            : new StructType();
    Optional<JdbcSpec> jdbc =
        format.equals("jdbc")
            ? Optional.of(JdbcSpec.from(source.child("jdbc"), pipelineDir))
            : Optional.empty();
    return new SourceSpec(
        name,
        format,
        path(source, pipelineDir),
        table(name, source),
        cleanSource(source, source.stringMap("options"), pipelineDir),
        schema,
        source.bool("evolve-schema"),
        source.integer("max-files-per-batch", 1, 1_000_000),
        jdbc);
  }

  private static TableId table(String name, ConfigReader source) {
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
    return table;
  }

  /**
   * The reader options, with Spark's {@code cleanSource} checked ({@code off}, {@code archive} or
   * {@code delete}) and its {@code sourceArchiveDir}, required by {@code archive}, resolved as
   * {@code path} is: relative to the pipeline file, or a URI.
   */
  private static Map<String, String> cleanSource(
      ConfigReader source, Map<String, String> options, Path pipelineDir) {
    Optional<String> modeKey = optionKey(options, "cleanSource");
    if (modeKey.isEmpty()) {
      return options;
    }
    String mode = options.get(modeKey.get());
    if (!CLEAN_SOURCE.contains(mode.toLowerCase(Locale.ROOT))) {
      throw LakeErrors.configInvalid(
          source.location("options." + modeKey.get()),
          source.fullPath("options." + modeKey.get()),
          "off, archive or delete",
          mode);
    }
    if (!mode.equalsIgnoreCase("archive")) {
      return options;
    }
    Optional<String> dirKey = optionKey(options, "sourceArchiveDir");
    if (dirKey.isEmpty()) {
      throw LakeErrors.configInvalid(
          source.location("options." + modeKey.get()),
          source.fullPath("options.sourceArchiveDir"),
          "the folder that cleanSource = archive moves ingested files to",
          "nothing");
    }
    Map<String, String> resolved = new LinkedHashMap<>(options);
    String dir = options.get(dirKey.get());
    resolved.put(dirKey.get(), Uris.hasScheme(dir) ? dir : Uris.file(pipelineDir.resolve(dir)));
    return resolved;
  }

  /**
   * The key of {@code options} that names {@code option}, matched case-insensitively as Spark does.
   */
  private static Optional<String> optionKey(Map<String, String> options, String option) {
    return options.keySet().stream().filter(key -> key.equalsIgnoreCase(option)).findFirst();
  }

  private static Optional<String> path(ConfigReader source, Path pipelineDir) {
    if (!source.has("path")) {
      return Optional.empty();
    }
    return Optional.of(
        source.parsed(
            "path",
            "a folder, relative to the pipeline file, or a URI",
            value -> Uris.hasScheme(value) ? value : Uris.file(pipelineDir.resolve(value))));
  }
}
