package io.lakeml.ingest;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Columns;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The bronze columns a micro-batch is typed to: the declared schema, plus the columns the bronze
 * table already has (inferred on first ingest, or added by evolution), plus, when the source
 * evolves, the columns new in this batch's files.
 *
 * @param target the data columns, in order
 * @param changes what this batch changed, e.g. "added column gate STRING"
 */
record BatchSchema(StructType target, List<String> changes) {
  /** The columns lakeml adds to bronze rows, which are not data. */
  static final Set<String> METADATA =
      Set.of(
          Columns.RESCUED_DATA,
          Columns.SOURCE_FILE,
          Columns.FILE_MODIFIED_AT,
          Columns.INGESTED_AT,
          Columns.RUN_ID);

  BatchSchema {
    changes = List.copyOf(changes);
  }

  /** The schema of an existing table. */
  static Optional<StructType> tableSchema(Lake lake, TableId table) {
    return lake.exists(table)
        ? Optional.of(DeltaTable.forPath(lake.spark(), lake.layout().table(table)).toDF().schema())
        : Optional.empty();
  }

  /** The columns known before reading: declared, then the table's; a type conflict is an error. */
  static StructType known(SourceSpec source, Optional<StructType> table) {
    StructType known = source.schema();
    for (StructField field : table.map(StructType::fields).orElse(new StructField[0])) {
      if (METADATA.contains(field.name())) {
        continue;
      }
      Optional<StructField> declared = find(known, field.name());
      if (declared.isEmpty()) {
        known = known.add(field);
      } else if (!declared.get().dataType().equals(field.dataType())) {
        throw LakeErrors.schemaConflict(
            source.name(),
            source.table().toString(),
            field.name(),
            declared.get().dataType().sql(),
            field.dataType().sql());
      }
    }
    return known;
  }

  /** The target for a batch whose files hold {@code raw} columns. */
  static BatchSchema resolve(SourceSpec source, StructType known, List<StructField> raw) {
    if (known.fields().length == 0) {
      StructType inferred = new StructType(raw.toArray(StructField[]::new));
      return new BatchSchema(inferred, List.of("inferred schema: " + describe(raw)));
    }
    List<StructField> added = new ArrayList<>();
    for (StructField field : raw) {
      if (find(known, field.name()).isEmpty() && !METADATA.contains(field.name())) {
        added.add(field);
      }
    }
    if (!source.evolveSchema() || added.isEmpty()) {
      return new BatchSchema(known, List.of());
    }
    StructType target = known;
    for (StructField field : added) {
      target = target.add(field.name(), field.dataType());
    }
    return new BatchSchema(target, List.of("added columns: " + describe(added)));
  }

  private static Optional<StructField> find(StructType schema, String name) {
    return java.util.Arrays.stream(schema.fields())
        .filter(
            field -> field.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  private static String describe(List<StructField> fields) {
    return fields.stream()
        .map(field -> field.name() + " " + field.dataType().sql())
        .collect(Collectors.joining(", "));
  }
}
