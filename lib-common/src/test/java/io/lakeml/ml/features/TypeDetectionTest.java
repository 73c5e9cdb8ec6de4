package io.lakeml.ml.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.pipeline.FeatureType;
import io.lakeml.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TypeDetectionTest {
  private static final int ROWS = 40;
  private static final StructType SCHEMA =
      new StructType()
          .add("amount", DataTypes.DoubleType)
          .add("quantity", DataTypes.IntegerType)
          .add("order_id", DataTypes.LongType)
          .add("express", DataTypes.BooleanType)
          .add("ordered_at", DataTypes.TimestampType)
          .add("shipped_on", DataTypes.DateType)
          .add("color", DataTypes.StringType)
          .add("city", DataTypes.StringType)
          .add("comment", DataTypes.StringType)
          .add("reference", DataTypes.StringType)
          .add("tags", DataTypes.createArrayType(DataTypes.StringType));

  /** 40 rows: 3 colors, 15 cities, free-text comments, unique references and order ids. */
  private static Dataset<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < ROWS; index++) {
      rows.add(
          RowFactory.create(
              index * 1.5,
              index % 4,
              1000L + index,
              index % 2 == 0,
              Timestamp.valueOf("2024-03-01 10:00:00"),
              Date.valueOf("2024-03-02"),
              List.of("red", "green", "blue").get(index % 3),
              "city-" + (index % 15),
              "arrived late and the box was damaged " + index,
              "REF-" + index,
              List.of("a")));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  @Test
  void detectsEveryTypeFromTheDataAndSkipsUnsupportedColumns() {
    List<ColumnProfile> profiles =
        TypeDetection.detect(rows(), List.of(SCHEMA.fieldNames()), Map.of(), 10, 0.9);

    Map<String, FeatureType> types = new LinkedHashMap<>();
    profiles.forEach(profile -> types.put(profile.name(), profile.type()));
    assertThat(types)
        .containsExactly(
            Map.entry("amount", FeatureType.NUMERIC),
            Map.entry("quantity", FeatureType.NUMERIC),
            Map.entry("order_id", FeatureType.ID),
            Map.entry("express", FeatureType.BOOLEAN),
            Map.entry("ordered_at", FeatureType.TIMESTAMP),
            Map.entry("shipped_on", FeatureType.TIMESTAMP),
            Map.entry("color", FeatureType.CATEGORICAL),
            Map.entry("city", FeatureType.HIGH_CARDINALITY),
            Map.entry("comment", FeatureType.TEXT),
            Map.entry("reference", FeatureType.ID));
  }

  @Test
  void profilesCountRowsNonNullAndDistinctValues() {
    ColumnProfile color = TypeDetection.detect(rows(), List.of("color"), Map.of(), 10, 0.9).get(0);

    assertThat(color.rows()).isEqualTo(ROWS);
    assertThat(color.nonNull()).isEqualTo(ROWS);
    assertThat(color.distinct()).isEqualTo(3);
    assertThat(color.declared()).isFalse();
    assertThat(color.nullRatio()).isZero();
  }

  @Test
  void aDeclaredTypeWins() {
    List<ColumnProfile> profiles =
        TypeDetection.detect(
            rows(),
            List.of("quantity", "city"),
            Map.of("quantity", FeatureType.CATEGORICAL, "city", FeatureType.CATEGORICAL),
            10,
            0.9);

    assertThat(profiles)
        .extracting(ColumnProfile::type)
        .containsExactly(FeatureType.CATEGORICAL, FeatureType.CATEGORICAL);
    assertThat(profiles).allMatch(ColumnProfile::declared);
  }

  @Test
  void fewRowsNeverMakeAnId() {
    Dataset<Row> three = rows().limit(3);

    assertThat(TypeDetection.detect(three, List.of("reference", "order_id"), Map.of(), 10, 0.9))
        .extracting(ColumnProfile::type)
        .containsExactly(FeatureType.CATEGORICAL, FeatureType.NUMERIC);
  }
}
