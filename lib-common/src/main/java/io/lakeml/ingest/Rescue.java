package io.lakeml.ingest;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.lakeml.lake.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Pure raw → bronze typing that loses nothing, as Auto Loader's rescued data column does: each raw
 * value is cast to its column's type; a value that does not fit leaves the column null and is kept,
 * as text, in {@code _rescued_data} (column → raw text), as is every column the schema lacks. A
 * record the reader could not parse, or whose bytes did not decode, gets a {@code _reject_reason}
 * and its raw text in {@code _raw_record}.
 */
public final class Rescue {
  private static final String REPLACEMENT_CHARACTER = "\uFFFD";

  private Rescue() {}

  /**
   * The target columns typed, then {@code _rescued_data}, {@code _reject_reason}, {@code
   * _raw_record}, {@code _source_file} and {@code _file_modified_at}. {@code options} supplies
   * {@code dateFormat}, {@code timestampFormat} and {@code timestampNTZFormat} for text values.
   */
  public static Dataset<Row> typed(
      Dataset<Row> raw, StructType target, Map<String, String> options, String format) {
    List<StructField> fields = RawFiles.dataFields(raw.schema());
    Map<String, StructField> byName = new HashMap<>();
    fields.forEach(field -> byName.put(key(field.name()), field));
    boolean reparse = Arrays.asList(raw.columns()).contains(RawFiles.LINE);
    Text text = new Text(reparse, options);
    Rescued rescued = new Rescued();
    List<Column> out = new ArrayList<>();
    for (StructField field : target.fields()) {
      StructField from = byName.remove(key(field.name()));
      if (from == null) {
        out.add(lit(null).cast(field.dataType()).as(field.name()));
        continue;
      }
      Column typed = text.typed(from, field.dataType());
      out.add(typed.as(field.name()));
      rescued.add(field.name(), text.of(from).isNotNull().and(typed.isNull()), text.of(from));
    }
    for (StructField extra : byName.values()) {
      rescued.add(extra.name(), text.of(extra).isNotNull(), text.of(extra));
    }
    Column reason = reason(fields, format, options, text.malformed());
    out.add(rescued.map().as(Columns.RESCUED_DATA));
    out.add(reason.as(Columns.REJECT_REASON));
    out.add(
        when(reason.isNotNull(), coalesce(column(ReaderOptions.CORRUPT), record(fields)))
            .as(Columns.RAW_RECORD));
    out.add(column(Columns.SOURCE_FILE));
    out.add(column(Columns.FILE_MODIFIED_AT));
    // One projection: code generation evaluates a cast that the rescue check repeats only once.
    return raw.select(out.toArray(Column[]::new));
  }

  /**
   * The raw text of each value. CSV is read typed, as a bare Spark job reads it; a row whose value
   * does not fit is flagged by the reader, and only its line is parsed again as text ({@link
   * RawFiles#LINE}) to find which values did not fit. Other formats are read as text (JSON) or
   * typed (Parquet, JDBC), and each value is its own raw text.
   */
  private record Text(boolean reparse, Map<String, String> options) {
    /** The value in the target type. */
    Column typed(StructField from, DataType to) {
      Column value = column(from.name());
      if (!reparse) {
        return cast(value, from.dataType(), to, options);
      }
      return when(column(ReaderOptions.CORRUPT).isNull(), cast(value, from.dataType(), to, options))
          .otherwise(cast(of(from), DataTypes.StringType, to, options));
    }

    /** The value as text; for a CSV row the reader parsed whole, only its text columns. */
    Column of(StructField field) {
      if (!reparse) {
        return text(column(field.name()), field.dataType());
      }
      Column line = column(RawFiles.LINE).getItem(field.name());
      return field.dataType().equals(DataTypes.StringType)
          ? when(column(ReaderOptions.CORRUPT).isNull(), column(field.name())).otherwise(line)
          : line;
    }

    /** Whether the record could not be parsed at all. */
    Column malformed() {
      Column flagged = column(ReaderOptions.CORRUPT).isNotNull();
      return reparse
          ? flagged.and(column(RawFiles.LINE).getItem(ReaderOptions.CORRUPT).isNotNull())
          : flagged;
    }
  }

  /**
   * The entries of {@code _rescued_data}; the map is built only for a row that has one. Each entry
   * is a one-entry map or an empty one, concatenated: a filter with a lambda ({@code map_filter})
   * has no generated code and would take the whole projection out of whole-stage code generation.
   */
  private static final class Rescued {
    private static final MapType TYPE =
        DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    private final List<Column> entries = new ArrayList<>();
    private Column any = lit(false);

    void add(String name, Column misfit, Column text) {
      entries.add(
          coalesce(when(misfit, functions.map(lit(name), text)), functions.map().cast(TYPE)));
      any = any.or(misfit);
    }

    Column map() {
      if (entries.isEmpty()) {
        return lit(null).cast(TYPE);
      }
      return when(any, map_concat(entries.toArray(Column[]::new)));
    }
  }

  /**
   * The bronze type of a raw value of {@code from}; text values parse with the declared formats.
   */
  static Column cast(Column value, DataType from, DataType to, Map<String, String> options) {
    if (from.equals(to)) {
      return value;
    }
    if (!from.equals(DataTypes.StringType)) {
      return value.try_cast(to);
    }
    if (to instanceof StructType || to instanceof ArrayType || to instanceof MapType) {
      return from_json(value, to);
    }
    if (to.equals(DataTypes.TimestampNTZType)) {
      // try_to_timestamp parses to spark.sql.timestampType; ingest's session sets TIMESTAMP_NTZ,
      // so a wall-clock time is parsed once and never passes through a time zone.
      return ReaderOptions.get(options, "timestampNTZFormat")
          .map(pattern -> call_function("try_to_timestamp", value, lit(pattern)).cast(to))
          .orElse(value.try_cast(to));
    }
    if (to.equals(DataTypes.TimestampType)) {
      // No try_ variant parses to TIMESTAMP whatever the session's type: check, then parse.
      return ReaderOptions.get(options, "timestampFormat")
          .map(
              pattern ->
                  when(
                      call_function("try_to_timestamp", value, lit(pattern)).isNotNull(),
                      call_function("to_timestamp_ltz", value, lit(pattern))))
          .orElse(value.try_cast(to));
    }
    if (to.equals(DataTypes.DateType)) {
      return ReaderOptions.get(options, "dateFormat")
          .map(pattern -> call_function("try_to_date", value, lit(pattern)))
          .orElse(value.try_cast(to));
    }
    return value.try_cast(to);
  }

  private static Column reason(
      List<StructField> fields, String format, Map<String, String> options, Column malformed) {
    Column undecodable = lit(false);
    if (format.equals("csv") || format.equals("json")) {
      List<String> texts = new ArrayList<>(List.of(ReaderOptions.CORRUPT));
      fields.stream()
          .filter(field -> field.dataType().equals(DataTypes.StringType))
          .forEach(field -> texts.add(field.name()));
      for (String name : texts) {
        undecodable =
            undecodable.or(coalesce(column(name).contains(REPLACEMENT_CHARACTER), lit(false)));
      }
    }
    String encoding = ReaderOptions.get(options, "encoding", "charset").orElse("UTF-8");
    return when(malformed, lit("malformed " + format + " record"))
        .when(undecodable, lit("undecodable bytes: not valid " + encoding));
  }

  /** The record rebuilt from its fields, for a rejected record the reader did parse. */
  private static Column record(List<StructField> fields) {
    if (fields.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    return to_json(
        struct(fields.stream().map(field -> column(field.name())).toArray(Column[]::new)));
  }

  private static Column text(Column value, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return value;
    }
    if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
      return to_json(value);
    }
    return value.cast(DataTypes.StringType);
  }

  private static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
