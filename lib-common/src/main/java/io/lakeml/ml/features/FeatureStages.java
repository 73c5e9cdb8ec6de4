package io.lakeml.ml.features;

import io.lakeml.pipeline.Algorithm;
import io.lakeml.pipeline.FeatureType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructType;

/**
 * The MLlib stages that turn typed feature columns into one feature vector, by type: a guard for
 * required and optional columns; timestamp parts, boolean values, crosses and missing-value
 * indicators (one {@link SQLTransformer}); median imputation; string indexing with unseen values
 * kept (one-hot for linear models); frequency and out-of-fold target encoding of high-cardinality
 * columns; tokens hashed into term counts for text; the assembled vector, scaled for linear models,
 * dense for XGBoost.
 */
public final class FeatureStages {
  /** The assembled feature vector column. */
  public static final String VECTOR = "_features";

  private static final int TEXT_FEATURES = 64;

  /**
   * The stages and what the vector holds.
   *
   * @param stages the stages, in order
   * @param vector the column the estimator reads
   * @param slots the name of each vector slot
   * @param categoricalSlots which slots hold a category index (trees and XGBoost only)
   */
  public record Built(
      List<PipelineStage> stages,
      String vector,
      List<String> slots,
      List<Boolean> categoricalSlots) {
    public Built {
      stages = List.copyOf(stages);
      slots = List.copyOf(slots);
      categoricalSlots = List.copyOf(categoricalSlots);
    }
  }

  /** How the vector is shaped for one family of estimators. */
  public enum Shape {
    /** One-hot categoricals, scaled vector. */
    LINEAR,
    /** Category indexes. */
    TREES,
    /** Category indexes in a dense vector. */
    XGBOOST
  }

  private FeatureStages() {}

  /** The vector shape {@code algorithm} wants. */
  public static Shape shape(Algorithm algorithm) {
    if (algorithm.isLinear()) {
      return Shape.LINEAR;
    }
    return algorithm == Algorithm.XGBOOST ? Shape.XGBOOST : Shape.TREES;
  }

  /**
   * The stages for {@code features} (profiled on the training rows of {@code schema}), crossed
   * columns {@code crosses} and the columns allowed to be absent, {@code optional}.
   */
  public static Built build(
      StructType schema,
      List<ColumnProfile> features,
      List<List<String>> crosses,
      Set<String> optional,
      String label,
      Shape shape) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> required = new ArrayList<>();
    StructType optionalSchema = new StructType();
    for (ColumnProfile feature : features) {
      if (optional.contains(feature.name())) {
        optionalSchema = optionalSchema.add(schema.apply(feature.name()));
      } else {
        required.add(feature.name());
      }
    }
    stages.add(new ColumnGuard().setRequired(required).setOptional(optionalSchema));
    List<String> derived = new ArrayList<>();
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    List<String> encoded = new ArrayList<>();
    List<String> text = new ArrayList<>();
    for (ColumnProfile feature : features) {
      String name = feature.name();
      String quoted = quote(name);
      switch (feature.type()) {
        case NUMERIC -> numeric.add(name);
        case BOOLEAN -> {
          derived.add("CAST(" + quoted + " AS DOUBLE) AS " + quote(name + "_value"));
          numeric.add(name + "_value");
        }
        case TIMESTAMP -> {
          List<String> parts = new ArrayList<>(List.of("weekday", "month", "weekend"));
          derived.add("CAST(dayofweek(" + quoted + ") AS DOUBLE) AS " + quote(name + "_weekday"));
          derived.add("CAST(month(" + quoted + ") AS DOUBLE) AS " + quote(name + "_month"));
          derived.add(
              "CAST(dayofweek(" + quoted + ") IN (1, 7) AS DOUBLE) AS " + quote(name + "_weekend"));
          if (!(feature.dataType() instanceof DateType)) {
            derived.add("CAST(hour(" + quoted + ") AS DOUBLE) AS " + quote(name + "_hour"));
            parts.add(0, "hour");
          }
          parts.forEach(part -> numeric.add(name + "_" + part));
        }
        case CATEGORICAL -> categorical.add(name);
        case HIGH_CARDINALITY -> encoded.add(name);
        case TEXT -> {
          derived.add("coalesce(" + quoted + ", '') AS " + quote(name + "_text"));
          text.add(name);
        }
        case ID -> throw new IllegalArgumentException("Cannot use id column " + name);
      }
    }
    List<String> indicators = new ArrayList<>();
    for (ColumnProfile feature : features) {
      if ((feature.nonNull() < feature.rows() || optional.contains(feature.name()))
          && (feature.type() == FeatureType.NUMERIC || feature.type() == FeatureType.BOOLEAN)) {
        String indicator = feature.name() + "_missing";
        derived.add("CAST(" + quote(feature.name()) + " IS NULL AS DOUBLE) AS " + quote(indicator));
        indicators.add(indicator);
      }
    }
    for (List<String> cross : crosses) {
      String name = String.join("_x_", cross);
      List<String> parts = cross.stream().map(c -> "CAST(" + quote(c) + " AS STRING)").toList();
      derived.add("concat_ws('*', " + String.join(", ", parts) + ") AS " + quote(name));
      encoded.add(name);
    }
    if (!derived.isEmpty()) {
      stages.add(
          new SQLTransformer()
              .setStatement("SELECT *, " + String.join(", ", derived) + " FROM __THIS__"));
    }
    List<String> slots = new ArrayList<>();
    List<Boolean> categoricalSlots = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    if (!numeric.isEmpty()) {
      List<String> imputed = numeric.stream().map(c -> c + "_imputed").toList();
      stages.add(
          new Imputer()
              .setStrategy("median")
              .setInputCols(numeric.toArray(String[]::new))
              .setOutputCols(imputed.toArray(String[]::new)));
      add(assembled, slots, categoricalSlots, imputed, numeric, false);
    }
    add(assembled, slots, categoricalSlots, indicators, indicators, false);
    if (!categorical.isEmpty()) {
      List<String> indexed = categorical.stream().map(c -> c + "_index").toList();
      stages.add(
          new StringIndexer()
              .setHandleInvalid("keep")
              .setInputCols(categorical.toArray(String[]::new))
              .setOutputCols(indexed.toArray(String[]::new)));
      if (shape == Shape.LINEAR) {
        List<String> onehot = categorical.stream().map(c -> c + "_onehot").toList();
        stages.add(
            new OneHotEncoder()
                .setInputCols(indexed.toArray(String[]::new))
                .setOutputCols(onehot.toArray(String[]::new)));
        assembled.addAll(onehot);
      } else {
        add(assembled, slots, categoricalSlots, indexed, categorical, true);
      }
    }
    if (!encoded.isEmpty()) {
      Set<String> hashed = new LinkedHashSet<>();
      features.forEach(feature -> hashed.add(feature.name()));
      stages.add(new CategoryEncoder().setColumns(encoded, List.copyOf(hashed), label));
      for (String column : encoded) {
        add(
            assembled,
            slots,
            categoricalSlots,
            List.of(column + "_frequency", column + "_target"),
            List.of(column + "_frequency", column + "_target"),
            false);
      }
    }
    for (String column : text) {
      stages.add(
          new RegexTokenizer()
              .setPattern("\\W+")
              .setInputCol(column + "_text")
              .setOutputCol(column + "_tokens"));
      stages.add(
          new HashingTF()
              .setNumFeatures(TEXT_FEATURES)
              .setInputCol(column + "_tokens")
              .setOutputCol(column + "_terms"));
      assembled.add(column + "_terms");
      for (int bucket = 0; bucket < TEXT_FEATURES; bucket++) {
        slots.add(column + "_term_" + bucket);
        categoricalSlots.add(false);
      }
    }
    stages.add(
        new VectorAssembler()
            .setInputCols(assembled.toArray(String[]::new))
            .setOutputCol(VECTOR)
            .setHandleInvalid("keep"));
    String vector = VECTOR;
    if (shape == Shape.LINEAR) {
      stages.add(new StandardScaler().setInputCol(VECTOR).setOutputCol(VECTOR + "_scaled"));
      vector = VECTOR + "_scaled";
    } else if (shape == Shape.XGBOOST) {
      stages.add(new DenseVectors().setColumn(VECTOR));
    }
    boolean named = shape != Shape.LINEAR;
    return new Built(
        stages, vector, named ? slots : List.of(), named ? categoricalSlots : List.of());
  }

  private static void add(
      List<String> assembled,
      List<String> slots,
      List<Boolean> categoricalSlots,
      List<String> columns,
      List<String> names,
      boolean categorical) {
    assembled.addAll(columns);
    slots.addAll(names);
    names.forEach(name -> categoricalSlots.add(categorical));
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
