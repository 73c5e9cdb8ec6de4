package io.lakeml.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategoryEncoderTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("city", DataTypes.StringType)
          .add("label", DataTypes.DoubleType);

  @TempDir Path dir;

  /** 30 rows of city a (label 1 for every third), 10 of city b (all 0). */
  private static Dataset<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 40; id++) {
      boolean a = id < 30;
      rows.add(RowFactory.create(id, a ? "a" : "b", a && id % 3 == 0 ? 1.0 : 0.0));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  private static CategoryEncoder encoder() {
    CategoryEncoder encoder =
        new CategoryEncoder().setColumns(List.of("city"), List.of("id", "city"), "label");
    encoder.set(encoder.smoothing(), 0.0);
    return encoder;
  }

  @Test
  void eachRowsTargetEncodingComesFromTheOtherFoldsOnly() {
    Dataset<Row> rows = rows();
    List<Row> encoded =
        encoder()
            .fit(rows)
            .transform(rows)
            .withColumn("fold", CategoryEncoderModel.fold(new String[] {"id", "city"}, 5))
            .select("city", "label", "fold", "city_target", "city_frequency")
            .collectAsList();

    for (Row row : encoded) {
      double sum = 0;
      int count = 0;
      for (Row other : encoded) {
        if (other.getString(0).equals(row.getString(0)) && other.getInt(2) != row.getInt(2)) {
          sum += other.getDouble(1);
          count++;
        }
      }
      assertThat(row.getDouble(3)).isCloseTo(sum / count, within(1e-9));
      assertThat(row.getDouble(4)).isEqualTo(row.getString(0).equals("a") ? 0.75 : 0.25);
    }
  }

  @Test
  void unseenAndNullValuesGetTheOverallRateAndNoFrequency() {
    Dataset<Row> rows = rows();
    Dataset<Row> fresh =
        TestSpark.session()
            .createDataFrame(
                List.of(RowFactory.create(100, "zurich", 1.0), RowFactory.create(101, null, 0.0)),
                SCHEMA);

    List<Row> encoded =
        encoder()
            .fit(rows)
            .transform(fresh)
            .select("city_target", "city_frequency")
            .collectAsList();

    assertThat(encoded)
        .allSatisfy(
            row -> {
              assertThat(row.getDouble(0)).isCloseTo(10 / 40.0, within(1e-9));
              assertThat(row.getDouble(1)).isZero();
            });
  }

  @Test
  void aPipelineWithTheEncoderSavesAndLoads() throws Exception {
    Dataset<Row> rows = rows();
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {encoder()}).fit(rows);
    String location = dir.resolve("pipeline").toUri().toString();

    fitted.write().overwrite().save(location);
    PipelineModel loaded = PipelineModel.load(location);

    assertThat(loaded.transform(rows).select("id", "city_target").orderBy("id").collectAsList())
        .isEqualTo(
            fitted.transform(rows).select("id", "city_target").orderBy("id").collectAsList());
  }
}
