package io.lakeml.ml.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lakeml.pipeline.AutoMlSpec;
import io.lakeml.pipeline.FeatureType;
import io.lakeml.pipeline.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Checks candidate features before training, each with aggregations only (no rows reach the
 * driver): ids and constants; a feature that alone predicts the label (the AUC, or R², of its
 * per-value or per-quantile-bin mean label); numeric pairs correlated almost perfectly and string
 * pairs in one-to-one correspondence (the later one is the duplicate); a feature mostly null in
 * training but filled in the data the model scores.
 */
public final class SanityChecks {
  private static final int MAX_BINS = 50;
  private static final int MAX_PAIR_COLUMNS = 40;

  private SanityChecks() {}

  /**
   * The findings about {@code profiles}, profiled on {@code rows} (which hold {@code label} as a
   * double); {@code scoring} is the profile of the same columns in the data the model scores, when
   * that is another table. The leak and duplicate checks read {@code rows}, which may be a sample
   * of the rows {@code profiles} were taken from.
   */
  public static List<FeatureIssue> run(
      Dataset<Row> rows,
      String label,
      List<ColumnProfile> profiles,
      Task task,
      AutoMlSpec.Checks checks,
      Optional<List<ColumnProfile>> scoring) {
    Map<String, FeatureIssue> issues = new LinkedHashMap<>();
    List<ColumnProfile> usable = new ArrayList<>();
    for (ColumnProfile profile : profiles) {
      if (profile.type() == FeatureType.ID) {
        issues.put(profile.name(), issue(profile, "id", distinct(profile), true));
      } else if (profile.distinct() <= 1) {
        issues.put(profile.name(), issue(profile, "constant", distinct(profile), true));
      } else {
        usable.add(profile);
      }
    }
    boolean enforce = checks.enforce();
    leaks(rows, label, usable, task)
        .forEach(
            (column, score) -> {
              if (score >= checks.leakScore()) {
                String metric = task == Task.BINARY_CLASSIFICATION ? "AUC" : "R2";
                issues.put(
                    column,
                    new FeatureIssue(
                        column,
                        "leak",
                        String.format(Locale.ROOT, "%s %.3f alone", metric, score),
                        enforce));
              }
            });
    duplicates(rows, usable, checks.duplicateCorrelation())
        .forEach(
            (column, detail) ->
                issues.putIfAbsent(column, new FeatureIssue(column, "duplicate", detail, enforce)));
    scoring.ifPresent(
        scored -> {
          for (ColumnProfile train : usable) {
            scored.stream()
                .filter(other -> other.name().equals(train.name()))
                .filter(other -> train.nullRatio() >= 0.5 && other.nullRatio() <= 0.05)
                .findFirst()
                .ifPresent(
                    other ->
                        issues.putIfAbsent(
                            train.name(),
                            new FeatureIssue(
                                train.name(),
                                "null-in-training",
                                String.format(
                                    Locale.ROOT,
                                    "%.0f%% null in training, %.0f%% when scoring",
                                    100 * train.nullRatio(),
                                    100 * other.nullRatio()),
                                enforce)));
          }
        });
    return List.copyOf(issues.values());
  }

  /** Per column, how well its per-value (or per-bin) mean label alone predicts the label. */
  static Map<String, Double> leaks(
      Dataset<Row> rows, String label, List<ColumnProfile> profiles, Task task) {
    List<String> numeric = new ArrayList<>();
    List<Column> groups = new ArrayList<>();
    for (ColumnProfile profile : profiles) {
      if (profile.type() == FeatureType.NUMERIC || profile.type() == FeatureType.BOOLEAN) {
        numeric.add(profile.name());
      } else if (profile.type() == FeatureType.CATEGORICAL
          || profile.type() == FeatureType.TIMESTAMP) {
        groups.add(struct(lit(profile.name()).as("c"), col(profile.name()).cast("string").as("g")));
      }
    }
    long total = rows.count();
    if (!numeric.isEmpty()) {
      // At least 20 rows per bin on average, so a bin's mean label measures something.
      int bins = (int) Math.max(2, Math.min(MAX_BINS, total / 20));
      double[] probabilities = new double[bins - 1];
      for (int bin = 1; bin < bins; bin++) {
        probabilities[bin - 1] = (double) bin / bins;
      }
      String[] columns = numeric.toArray(String[]::new);
      Dataset<Row> doubles = rows;
      for (String column : columns) {
        doubles = doubles.withColumn(column, col(column).cast(DataTypes.DoubleType));
      }
      double[][] splits = doubles.stat().approxQuantile(columns, probabilities, 0.001);
      for (int index = 0; index < columns.length; index++) {
        Column bin = lit(0);
        for (double split : splits[index]) {
          bin = bin.plus(when(col(columns[index]).cast("double").gt(split), 1).otherwise(0));
        }
        groups.add(
            struct(
                lit(columns[index]).as("c"),
                when(col(columns[index]).isNull(), lit("null"))
                    .otherwise(bin.cast("string"))
                    .as("g")));
      }
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    if (groups.isEmpty()) {
      return scores;
    }
    Column y = col(label).cast(DataTypes.DoubleType);
    List<Row> cells =
        rows.select(explode(array(groups.toArray(Column[]::new))).as("e"), y.as("y"))
            .groupBy(col("e.c"), col("e.g"))
            .agg(count(lit(1)), sum("y"), sum(col("y").multiply(col("y"))))
            .collectAsList();
    Map<String, List<double[]>> byColumn = new LinkedHashMap<>();
    for (Row cell : cells) {
      byColumn
          .computeIfAbsent(cell.getString(0), c -> new ArrayList<>())
          .add(new double[] {cell.getLong(2), cell.getDouble(3), cell.getDouble(4)});
    }
    byColumn.forEach(
        (column, cellsOfColumn) -> {
          // Too few rows per value prove nothing: a value per row always "predicts" its label.
          if (cellsOfColumn.size() * 10L <= total) {
            scores.put(
                column,
                task == Task.BINARY_CLASSIFICATION ? auc(cellsOfColumn) : r2(cellsOfColumn));
          }
        });
    return scores;
  }

  /** The AUC of scoring each row by its group's mean label; groups hold (rows, positives, _). */
  static double auc(List<double[]> cells) {
    List<double[]> sorted = new ArrayList<>(cells);
    sorted.sort((a, b) -> Double.compare(a[1] / a[0], b[1] / b[0]));
    double positives = 0;
    double negatives = 0;
    for (double[] cell : sorted) {
      positives += cell[1];
      negatives += cell[0] - cell[1];
    }
    if (positives == 0 || negatives == 0) {
      return 0.5;
    }
    double below = 0;
    double pairs = 0;
    for (double[] cell : sorted) {
      double negativesHere = cell[0] - cell[1];
      pairs += cell[1] * (below + negativesHere / 2);
      below += negativesHere;
    }
    return pairs / (positives * negatives);
  }

  /** The share of the label's variance explained by group means (rows, sum, sum of squares). */
  static double r2(List<double[]> cells) {
    double n = 0;
    double sum = 0;
    double squares = 0;
    double within = 0;
    for (double[] cell : cells) {
      n += cell[0];
      sum += cell[1];
      squares += cell[2];
      within += cell[2] - cell[1] * cell[1] / cell[0];
    }
    double totalVariance = squares - sum * sum / n;
    return totalVariance <= 0 ? 0 : 1 - within / totalVariance;
  }

  /** Later columns that duplicate an earlier one, with the detail. */
  static Map<String, String> duplicates(
      Dataset<Row> rows, List<ColumnProfile> profiles, double correlation) {
    List<String> numeric = new ArrayList<>();
    List<ColumnProfile> strings = new ArrayList<>();
    for (ColumnProfile profile : profiles) {
      if (profile.type() == FeatureType.NUMERIC && numeric.size() < MAX_PAIR_COLUMNS) {
        numeric.add(profile.name());
      } else if ((profile.type() == FeatureType.CATEGORICAL
              || profile.type() == FeatureType.HIGH_CARDINALITY)
          && strings.size() < MAX_PAIR_COLUMNS) {
        strings.add(profile);
      }
    }
    List<Column> aggregates = new ArrayList<>();
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < numeric.size(); i++) {
      for (int j = i + 1; j < numeric.size(); j++) {
        aggregates.add(
            corr(col(numeric.get(i)).cast("double"), col(numeric.get(j)).cast("double")));
        pairs.add(new String[] {numeric.get(i), numeric.get(j), "numeric"});
      }
    }
    for (int i = 0; i < strings.size(); i++) {
      for (int j = i + 1; j < strings.size(); j++) {
        aggregates.add(
            DistinctCounts.of(
                concat_ws("\u0001", col(strings.get(i).name()), col(strings.get(j).name())),
                DataTypes.StringType,
                14));
        pairs.add(new String[] {strings.get(i).name(), strings.get(j).name(), "string"});
      }
    }
    Map<String, String> duplicates = new LinkedHashMap<>();
    if (aggregates.isEmpty()) {
      return duplicates;
    }
    // Each string column's distinct count from the same rows and sketch as the pairs' counts.
    int pairCount = pairs.size();
    strings.forEach(
        profile -> aggregates.add(DistinctCounts.of(col(profile.name()), profile.dataType(), 14)));
    Row row =
        rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    Map<String, Long> distinct = new LinkedHashMap<>();
    for (int index = 0; index < strings.size(); index++) {
      distinct.put(strings.get(index).name(), row.getLong(pairCount + index));
    }
    for (int index = 0; index < pairCount; index++) {
      String[] pair = pairs.get(index);
      if (duplicates.containsKey(pair[0]) || row.isNullAt(index)) {
        continue;
      }
      if (pair[2].equals("numeric")) {
        double r = row.getDouble(index);
        if (Math.abs(r) >= correlation) {
          duplicates.putIfAbsent(
              pair[1], String.format(Locale.ROOT, "correlation %.3f with %s", r, pair[0]));
        }
      } else {
        long joint = row.getLong(index);
        long a = distinct.get(pair[0]);
        long b = distinct.get(pair[1]);
        // One value of each for every pair seen: the columns are renamings of each other.
        if (Math.abs(joint - a) <= 0.02 * a && Math.abs(joint - b) <= 0.02 * b) {
          duplicates.putIfAbsent(pair[1], "one-to-one with " + pair[0]);
        }
      }
    }
    return duplicates;
  }

  private static FeatureIssue issue(
      ColumnProfile profile, String check, String detail, boolean dropped) {
    return new FeatureIssue(profile.name(), check, detail, dropped);
  }

  private static String distinct(ColumnProfile profile) {
    return String.format(
        Locale.ROOT,
        "%d distinct values in %d non-null rows",
        profile.distinct(),
        profile.nonNull());
  }
}
