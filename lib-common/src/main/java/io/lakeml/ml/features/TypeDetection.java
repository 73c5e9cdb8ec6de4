package io.lakeml.ml.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;

import io.lakeml.pipeline.FeatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Detects each candidate column's feature type from its Spark type and one aggregation over the
 * rows (non-null count, approximate distinct count, mean word count of strings):
 *
 * <ul>
 *   <li>boolean → boolean; timestamp or date → timestamp;
 *   <li>whole numbers unique on at least {@code idRatio} of the rows → id; other numbers → numeric;
 *   <li>strings of three words or more on average → text; unique on at least {@code idRatio} of the
 *       rows → id; at most {@code maxCategories} values → categorical; more → high-cardinality.
 * </ul>
 *
 * A declared type wins. Columns of other types (arrays, maps, structs) are not features.
 */
public final class TypeDetection {
  /** Fewer rows than this prove nothing about uniqueness: no column is called an id. */
  private static final long MIN_ROWS_FOR_ID = 20;

  private static final double TEXT_WORDS = 3;

  private TypeDetection() {}

  /** The profile of each column of {@code columns} that can be a feature, in order. */
  public static List<ColumnProfile> detect(
      Dataset<Row> rows,
      List<String> columns,
      Map<String, FeatureType> declared,
      int maxCategories,
      double idRatio) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)));
    List<String> profiled = new ArrayList<>();
    for (String column : columns) {
      DataType type = rows.schema().apply(column).dataType();
      if (!supported(type)) {
        continue;
      }
      profiled.add(column);
      aggregates.add(count(col(column)));
      aggregates.add(DistinctCounts.of(col(column), type, 12));
      aggregates.add(
          type instanceof StringType ? avg(size(split(col(column), "\\s+"))) : lit(null));
    }
    Row stats =
        rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    long total = stats.getLong(0);
    List<ColumnProfile> profiles = new ArrayList<>();
    for (int index = 0; index < profiled.size(); index++) {
      String column = profiled.get(index);
      DataType type = rows.schema().apply(column).dataType();
      long nonNull = stats.getLong(1 + 3 * index);
      long distinct = stats.getLong(2 + 3 * index);
      double words = stats.isNullAt(3 + 3 * index) ? 0 : stats.getDouble(3 + 3 * index);
      FeatureType featureType =
          declared.containsKey(column)
              ? declared.get(column)
              : detect(type, nonNull, distinct, words, maxCategories, idRatio);
      profiles.add(
          new ColumnProfile(
              column, type, featureType, declared.containsKey(column), total, nonNull, distinct));
    }
    return profiles;
  }

  private static FeatureType detect(
      DataType type, long nonNull, long distinct, double words, int maxCategories, double idRatio) {
    boolean unique = nonNull >= MIN_ROWS_FOR_ID && distinct >= idRatio * nonNull;
    if (type instanceof BooleanType) {
      return FeatureType.BOOLEAN;
    }
    if (type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType) {
      return FeatureType.TIMESTAMP;
    }
    if (type instanceof NumericType) {
      boolean whole =
          !(type instanceof DoubleType || type instanceof FloatType || type instanceof DecimalType);
      return whole && unique ? FeatureType.ID : FeatureType.NUMERIC;
    }
    if (words >= TEXT_WORDS) {
      return FeatureType.TEXT;
    }
    if (unique) {
      return FeatureType.ID;
    }
    return distinct <= maxCategories ? FeatureType.CATEGORICAL : FeatureType.HIGH_CARDINALITY;
  }

  private static boolean supported(DataType type) {
    return type instanceof BooleanType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType
        || type instanceof NumericType
        || type instanceof StringType;
  }
}
