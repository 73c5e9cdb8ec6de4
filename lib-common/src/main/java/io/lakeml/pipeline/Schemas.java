package io.lakeml.pipeline;

import org.apache.spark.sql.types.StructType;

/** Parsing of declared schemas, without a SparkSession so a pipeline validates before Spark. */
final class Schemas {
  private Schemas() {}

  /** Parses a DDL column list; rejects an empty or unparsable one with Spark's reason. */
  static StructType parseDdl(String ddl) {
    StructType schema;
    try {
      schema = StructType.fromDDL(ddl);
    } catch (Exception e) { // Scala throws the checked ParseException undeclared.
      throw new IllegalArgumentException(firstLine(e.getMessage()), e);
    }
    if (schema.isEmpty()) {
      throw new IllegalArgumentException("no columns");
    }
    return schema;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unparsable";
    }
    String stripped = message.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
