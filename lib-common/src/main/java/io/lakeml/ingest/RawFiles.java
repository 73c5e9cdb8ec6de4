package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.when;

import io.lakeml.lake.Columns;
import io.lakeml.pipeline.SourceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one micro-batch's files into raw columns, before any typing: every CSV and JSON value as
 * text (so a value that does not fit its type can be rescued rather than nulled), Parquet as
 * written. Each row also has the reader's {@code _corrupt_record} and the file's path and time.
 */
final class RawFiles {
  /**
   * For a CSV row the typed reader flagged: its line parsed again with every column as text (column
   * → text, and {@code _corrupt_record} when the line itself is malformed).
   */
  static final String LINE = "_lakeml_line";

  /** The characters Hadoop's glob patterns give a meaning to, each escaped with a backslash. */
  private static final Pattern GLOB = Pattern.compile("[\\\\{}\\[\\]*?]");

  private RawFiles() {}

  /**
   * The raw rows of {@code files}, or empty when none of them holds a record; {@code target} names
   * the columns of header-less CSV files.
   */
  static Optional<Dataset<Row>> read(
      SparkSession spark, SourceSpec source, List<String> files, StructType target) {
    Optional<Dataset<Row>> rows =
        switch (source.format()) {
          case "csv" -> csv(spark, source, files, target);
          case "json" -> json(spark, source, files, target);
          case "parquet" -> Optional.of(parquet(spark, files));
          default -> throw new IllegalArgumentException("Not a file format: " + source.format());
        };
    return rows;
  }

  /**
   * Adds the file's path and modification time; before any union, which drops {@code _metadata}.
   */
  private static Dataset<Row> withFile(Dataset<Row> rows) {
    Map<String, Column> file = new LinkedHashMap<>();
    file.put(Columns.SOURCE_FILE, col("_metadata.file_path"));
    file.put(Columns.FILE_MODIFIED_AT, col("_metadata.file_modification_time"));
    return rows.withColumns(file);
  }

  /** The data columns of raw rows: all but the corrupt-record and file columns. */
  static List<StructField> dataFields(StructType raw) {
    return Arrays.stream(raw.fields())
        .filter(
            field ->
                !field.name().equals(ReaderOptions.CORRUPT)
                    && !field.name().equals(LINE)
                    && !field.name().equals(Columns.SOURCE_FILE)
                    && !field.name().equals(Columns.FILE_MODIFIED_AT))
        .toList();
  }

  private static Optional<Dataset<Row>> csv(
      SparkSession spark, SourceSpec source, List<String> files, StructType target) {
    if (!ReaderOptions.isTrue(source.options(), "header")) {
      List<String> names =
          source.declaresSchema() || target.fields().length > 0
              ? List.of(target.fieldNames())
              : List.of(reader(spark, source).csv(literal(files)).columns());
      return Optional.of(
          withFile(reader(spark, source).schema(typed(names, target)).csv(literal(files))));
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<List<String>, List<String>> byHeader = CsvHeaders.group(hadoop, files, source.options());
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      Dataset<Row> rows =
          withFile(
              reparse(
                  reader(spark, source)
                      .schema(typed(group.getKey(), target))
                      .csv(literal(group.getValue())),
                  group.getKey(),
                  source));
      all = all == null ? rows : all.unionByName(rows, true);
    }
    return Optional.ofNullable(all);
  }

  private static Optional<Dataset<Row>> json(
      SparkSession spark, SourceSpec source, List<String> files, StructType target) {
    String[] paths = literal(files);
    // Inference finds every top-level key, so new keys can be added or rescued, not dropped.
    StructType found = reader(spark, source).json(paths).schema();
    List<String> names = new ArrayList<>(List.of(target.fieldNames()));
    for (String name : found.fieldNames()) {
      if (!name.equals(ReaderOptions.CORRUPT)
          && names.stream().noneMatch(known -> known.equalsIgnoreCase(name))) {
        names.add(name);
      }
    }
    if (found.fields().length == 0) {
      return Optional.empty(); // only empty files
    }
    return Optional.of(withFile(reader(spark, source).schema(text(names)).json(paths)));
  }

  private static Dataset<Row> parquet(SparkSession spark, List<String> files) {
    return withFile(spark.read().option("mergeSchema", "true").parquet(literal(files)))
        .withColumn(ReaderOptions.CORRUPT, lit(null).cast(DataTypes.StringType));
  }

  /**
   * The files as patterns that match only themselves: Spark reads a path as a glob, so a file named
   * {@code day [1].csv} would read {@code day 1.csv} instead, and {@code day *.csv} every day.
   */
  private static String[] literal(List<String> files) {
    return files.stream()
        .map(file -> GLOB.matcher(file).replaceAll("\\\\$0"))
        .toArray(String[]::new);
  }

  private static DataFrameReader reader(SparkSession spark, SourceSpec source) {
    return spark.read().options(ReaderOptions.forRead(source.options()));
  }

  /** Adds {@link #LINE}: a flagged row's line parsed again with the file's own columns as text. */
  private static Dataset<Row> reparse(Dataset<Row> rows, List<String> names, SourceSpec source) {
    StructType schema = text(names);
    Column line =
        from_csv(
            col(ReaderOptions.CORRUPT),
            lit(schema.toDDL()),
            ReaderOptions.forLine(source.options()));
    List<Column> entries = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      entries.add(lit(name));
      entries.add(line.getField(name));
    }
    return rows.withColumn(
        LINE, when(col(ReaderOptions.CORRUPT).isNotNull(), map(entries.toArray(Column[]::new))));
  }

  /**
   * CSV columns in the type the target gives them (else text), plus the corrupt-record column: the
   * reader parses them as a bare Spark job would, and flags a row whose value does not fit.
   */
  private static StructType typed(List<String> names, StructType target) {
    StructType schema = new StructType();
    for (String name : names) {
      DataType type =
          Arrays.stream(target.fields())
              .filter(field -> field.name().equalsIgnoreCase(name))
              .map(StructField::dataType)
              .findFirst()
              .orElse(DataTypes.StringType);
      schema = schema.add(name, type);
    }
    return schema.add(ReaderOptions.CORRUPT, DataTypes.StringType);
  }

  /** Every column as text, plus the corrupt-record column. */
  private static StructType text(List<String> names) {
    StructType schema = new StructType();
    for (String name : names) {
      schema = schema.add(name, DataTypes.StringType);
    }
    return schema.add(ReaderOptions.CORRUPT, DataTypes.StringType);
  }
}
