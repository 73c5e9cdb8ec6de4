package io.lakeml.ml.features;

import io.lakeml.pipeline.FeatureType;
import org.apache.spark.sql.types.DataType;

/**
 * What one aggregation pass learned about a candidate feature column, and the type it gets.
 *
 * @param name the column
 * @param dataType its Spark type
 * @param type the declared or detected feature type
 * @param declared whether the pipeline declared the type
 * @param rows rows profiled
 * @param nonNull rows where the column is not null
 * @param distinct approximate distinct non-null values
 */
public record ColumnProfile(
    String name,
    DataType dataType,
    FeatureType type,
    boolean declared,
    long rows,
    long nonNull,
    long distinct) {

  /** The share of rows where the column is null. */
  public double nullRatio() {
    return rows == 0 ? 0 : 1 - (double) nonNull / rows;
  }

  /** The same profile with another type. */
  public ColumnProfile withType(FeatureType newType) {
    return new ColumnProfile(name, dataType, newType, declared, rows, nonNull, distinct);
  }
}
