package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;

/**
 * A silver table: a bronze table cast to a declared schema, deduplicated by key and merged.
 *
 * @param id the silver table
 * @param source the bronze table it refines
 * @param key the columns that identify a row
 * @param orderBy the column whose highest value marks the latest row of a key
 * @param partitionBy the partition columns
 * @param schema the declared columns and types; empty keeps bronze's data columns as they are
 */
public record SilverTableSpec(
    TableId id,
    TableId source,
    List<String> key,
    String orderBy,
    List<String> partitionBy,
    Optional<StructType> schema) {
  public SilverTableSpec {
    key = List.copyOf(key);
    partitionBy = List.copyOf(partitionBy);
  }

  static SilverTableSpec from(String name, ConfigReader table) {
    TableId id = new TableId(Layer.SILVER, name);
    TableId source =
        table.has("source")
            ? table.parsed("source", "a bronze table id like bronze." + name, TableId::parse)
            : new TableId(Layer.BRONZE, name);
    if (source.layer() != Layer.BRONZE) {
      throw LakeErrors.configInvalid(
          table.location("source"),
          table.fullPath("source"),
          "a bronze table id",
          source.toString());
    }
    List<String> key = table.stringList("key", "column names");
    if (key.isEmpty()) {
      throw LakeErrors.configInvalid(
          table.location("key"), table.fullPath("key"), "at least one key column", "an empty list");
    }
    Optional<StructType> schema =
        table.has("schema")
            ? Optional.of(
                table.parsed(
                    "schema", "a DDL schema like \"id INT, name STRING\"", Schemas::parseDdl))
            : Optional.empty();
    schema.ifPresent(
        declared -> {
          for (String column : key) {
            if (!List.of(declared.fieldNames()).contains(column)) {
              throw LakeErrors.configInvalid(
                  table.location("key"),
                  table.fullPath("key"),
                  "key columns declared in schema " + declared.toDDL(),
                  "column '" + column + "'");
            }
          }
        });
    return new SilverTableSpec(
        id,
        source,
        key,
        table.string("order-by"),
        table.stringList("partition-by", "column names"),
        schema);
  }
}
