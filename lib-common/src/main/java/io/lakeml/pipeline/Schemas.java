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
    } catch (RuntimeException e) {
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
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
