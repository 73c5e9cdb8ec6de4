package io.lakeml.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakeml.ml.Splits;
import io.lakeml.pipeline.AutoMlSpec;
import io.lakeml.pipeline.Task;
import io.lakeml.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SanityChecksTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("x_doubled", DataTypes.DoubleType)
          .add("minutes_late", DataTypes.DoubleType)
          .add("segment", DataTypes.StringType)
          .add("segment_code", DataTypes.StringType)
          .add("version", DataTypes.IntegerType)
          .add("ticket", DataTypes.LongType)
          .add("later", DataTypes.DoubleType)
          .add("label", DataTypes.DoubleType);

  private static final AutoMlSpec.Checks ENFORCED = new AutoMlSpec.Checks(true, 0.98, 0.99, 0.9, 0);

  /**
   * 400 rows: the label is mostly {@code x > 0.5} (15% flipped); {@code minutes_late} is a planted
   * leak (how late the outcome was), {@code x_doubled} and {@code segment_code} duplicate {@code x}
   * and {@code segment}, {@code version} is constant, {@code ticket} an id, {@code later} null in
   * training.
   */
  private static Dataset<Row> rows() {
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < 400; index++) {
      double x = random.nextDouble();
      double label = (x > 0.5) ^ (random.nextDouble() < 0.15) ? 1.0 : 0.0;
      String segment = List.of("a", "b", "c").get(random.nextInt(3));
      rows.add(
          RowFactory.create(
              x,
              2 * x,
              label * (20 + random.nextInt(100)) - (1 - label) * random.nextInt(10),
              segment,
              "code-" + segment,
              1,
              5000L + index,
              null,
              label));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  private static List<ColumnProfile> profiles(Dataset<Row> rows) {
    List<String> columns = List.of(SCHEMA.fieldNames()).subList(0, SCHEMA.size() - 1);
    return TypeDetection.detect(rows, columns, Map.of(), 64, 0.9);
  }

  /** The findings of {@code checks} about every column of {@code rows}. */
  private static List<FeatureIssue> checked(Dataset<Row> rows, AutoMlSpec.Checks checks) {
    return SanityChecks.run(
        rows, "label", profiles(rows), Task.BINARY_CLASSIFICATION, checks, Optional.empty());
  }

  @Test
  void aPlantedLeakIsCaughtAndDroppedWithTheReason() {
    Dataset<Row> rows = rows();

    List<FeatureIssue> issues = checked(rows, ENFORCED);

    assertThat(issues)
        .filteredOn(issue -> issue.check().equals("leak"))
        .singleElement()
        .satisfies(
            leak -> {
              assertThat(leak.column()).isEqualTo("minutes_late");
              assertThat(leak.detail()).isEqualTo("AUC 1.000 alone");
              assertThat(leak.dropped()).isTrue();
            });
  }

  @Test
  void idsConstantsAndDuplicatesAreFlagged() {
    Dataset<Row> rows = rows();

    List<FeatureIssue> issues = checked(rows, ENFORCED);

    assertThat(issues)
        .extracting(FeatureIssue::column, FeatureIssue::check)
        .contains(
            org.assertj.core.groups.Tuple.tuple("ticket", "id"),
            org.assertj.core.groups.Tuple.tuple("version", "constant"),
            org.assertj.core.groups.Tuple.tuple("later", "constant"),
            org.assertj.core.groups.Tuple.tuple("x_doubled", "duplicate"),
            org.assertj.core.groups.Tuple.tuple("segment_code", "duplicate"))
        .doesNotContain(
            org.assertj.core.groups.Tuple.tuple("x", "duplicate"),
            org.assertj.core.groups.Tuple.tuple("x", "leak"),
            org.assertj.core.groups.Tuple.tuple("segment", "duplicate"));
    assertThat(issues)
        .filteredOn(issue -> issue.column().equals("x_doubled"))
        .extracting(FeatureIssue::detail)
        .containsExactly("correlation 1.000 with x");
  }

  @Test
  void onASampleOfTheRowsTheLeakAndDuplicatesAreStillFound() {
    Dataset<Row> rows = rows();
    // As the trainer checks: profiles from every row, leaks and duplicates on a sample of half.
    Dataset<Row> sample = Splits.atMost(rows, 400, 200, 42);

    List<FeatureIssue> issues =
        SanityChecks.run(
            sample,
            "label",
            profiles(rows),
            Task.BINARY_CLASSIFICATION,
            ENFORCED,
            Optional.empty());

    assertThat(sample.count()).isLessThan(400);
    assertThat(issues)
        .extracting(FeatureIssue::column, FeatureIssue::check)
        .contains(
            org.assertj.core.groups.Tuple.tuple("minutes_late", "leak"),
            org.assertj.core.groups.Tuple.tuple("x_doubled", "duplicate"),
            org.assertj.core.groups.Tuple.tuple("segment_code", "duplicate"))
        .doesNotContain(
            org.assertj.core.groups.Tuple.tuple("x", "leak"),
            org.assertj.core.groups.Tuple.tuple("segment", "duplicate"));
  }

  @Test
  void withoutEnforcementLeaksAreReportedButKept() {
    Dataset<Row> rows = rows();

    List<FeatureIssue> issues = checked(rows, new AutoMlSpec.Checks(false, 0.98, 0.99, 0.9, 0));

    assertThat(issues)
        .filteredOn(issue -> issue.column().equals("minutes_late"))
        .singleElement()
        .satisfies(leak -> assertThat(leak.dropped()).isFalse());
  }

  @Test
  void aFeatureMostlyNullInTrainingButFilledWhenScoringIsFlagged() {
    Dataset<Row> rows = rows();
    List<ColumnProfile> training =
        List.of(
            new ColumnProfile(
                "later",
                DataTypes.DoubleType,
                io.lakeml.pipeline.FeatureType.NUMERIC,
                false,
                400,
                100,
                50));
    List<ColumnProfile> scoring =
        List.of(
            new ColumnProfile(
                "later",
                DataTypes.DoubleType,
                io.lakeml.pipeline.FeatureType.NUMERIC,
                false,
                400,
                400,
                200));

    List<FeatureIssue> issues =
        SanityChecks.run(
            rows, "label", training, Task.BINARY_CLASSIFICATION, ENFORCED, Optional.of(scoring));

    assertThat(issues)
        .singleElement()
        .satisfies(
            issue -> {
              assertThat(issue.check()).isEqualTo("null-in-training");
              assertThat(issue.detail()).isEqualTo("75% null in training, 0% when scoring");
            });
  }

  @Test
  void aucOfGroupMeansCountsTiesAsHalf() {
    // Two groups: 3 positives / 1 negative and 1 positive / 3 negatives.
    double auc = SanityChecks.auc(List.of(new double[] {4, 3, 3}, new double[] {4, 1, 1}));

    assertThat(auc).isCloseTo((3 * 3 + 3 * 0.5 + 3 * 0.5) / 16.0, within(1e-12));
  }
}
