package io.lakeml.refine;

import io.delta.tables.DeltaTable;
import io.lakeml.delta.Lake;
import io.lakeml.pipeline.SilverTableSpec;
import io.lakeml.quality.Action;
import io.lakeml.quality.Expectation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Creates silver tables and keeps their Delta constraints in step with the declaration: key columns
 * NOT NULL, and a CHECK per {@code fail} rule, so a writer outside lakeml cannot break what lakeml
 * enforces either.
 */
public final class SilverTables {
  /** Prefix of the CHECK constraints lakeml owns (others are left alone). */
  static final String PREFIX = "lakeml_";

  private SilverTables() {}

  /** Creates the table for rows of {@code schema} if absent, then syncs its CHECK constraints. */
  public static void ensure(Lake lake, SilverTableSpec spec, StructType schema) {
    if (!lake.exists(spec.id())) {
      DeltaTable.createIfNotExists(lake.spark())
          .location(Lake.normal(lake.layout().table(spec.id())))
          .addColumns(tableSchema(spec, schema))
          .partitionedBy(spec.partitionBy().toArray(String[]::new))
          .execute();
      lake.register(spec.id());
    }
    syncChecks(lake, spec);
  }

  /** The rows' schema with NOT NULL keys, plus the SCD2 columns when history is kept. */
  static StructType tableSchema(SilverTableSpec spec, StructType rows) {
    StructType schema = new StructType();
    for (StructField field : rows.fields()) {
      if (spec.cdc().map(cdc -> cdc.operationColumn().equals(field.name())).orElse(false)) {
        continue;
      }
      schema = schema.add(field.name(), field.dataType(), !spec.key().contains(field.name()));
    }
    if (spec.scd2()) {
      DataType orderType = rows.apply(spec.orderBy()).dataType();
      schema =
          schema
              .add(SilverWriter.VALID_FROM, orderType, false)
              .add(SilverWriter.VALID_TO, orderType, true)
              .add(SilverWriter.IS_CURRENT, DataTypes.BooleanType, false);
    }
    return schema;
  }

  private static void syncChecks(Lake lake, SilverTableSpec spec) {
    String table = "delta.`" + lake.layout().table(spec.id()).replace("`", "``") + "`";
    Map<String, String> declared = new LinkedHashMap<>();
    for (Expectation rule : spec.expectations()) {
      if (rule.action() == Action.FAIL && rule.reference().isEmpty()) {
        declared.put(PREFIX + rule.name(), rule.expression());
      }
    }
    Map<String, String> existing = new LinkedHashMap<>();
    List<Row> properties = lake.spark().sql("SHOW TBLPROPERTIES " + table).collectAsList();
    for (Row property : properties) {
      String key = property.getString(0);
      if (key.startsWith("delta.constraints." + PREFIX)) {
        existing.put(key.substring("delta.constraints.".length()), property.getString(1));
      }
    }
    for (String name : existing.keySet()) {
      if (!existing.get(name).equals(declared.get(name))) {
        lake.spark().sql("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + name);
      }
    }
    declared.forEach(
        (name, expression) -> {
          if (!expression.equals(existing.get(name))) {
            lake.spark()
                .sql(
                    "ALTER TABLE "
                        + table
                        + " ADD CONSTRAINT "
                        + name
                        + " CHECK ("
                        + expression
                        + ")");
          }
        });
  }
}
