package io.lakeml.ml.card;

import io.lakeml.ml.Training;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.types.StructType;

/**
 * Feature importance of a fitted pipeline's final model, by the names of its feature vector's
 * slots: trees report their impurity-based importances; linear models the absolute value of each
 * coefficient (comparable when, as lakeml's linear pipelines do, the features are standardized).
 */
public final class FeatureImportance {
  private FeatureImportance() {}

  /**
   * Importance by feature, largest first; empty when the model reports none. {@code schema} is the
   * pipeline's output schema, whose feature vector carries the slot names.
   */
  public static Map<String, Double> of(PipelineModel pipeline, StructType schema) {
    Transformer last = Training.predictor(pipeline);
    Optional<Vector> found = weights(last);
    if (found.isEmpty() || !last.hasParam("featuresCol")) {
      return Map.of();
    }
    Vector weights = found.get();
    String column = (String) last.getOrDefault(last.getParam("featuresCol"));
    scala.Option<Attribute[]> named =
        AttributeGroup.fromStructField(schema.apply(column)).attributes();
    Attribute[] slots = named.isDefined() ? named.get() : new Attribute[0];
    Map<String, Double> importance = new LinkedHashMap<>();
    for (int slot = 0; slot < weights.size(); slot++) {
      String name =
          slot < slots.length && slots[slot].name().isDefined()
              ? slots[slot].name().get()
              : "feature " + slot;
      importance.merge(name, Math.abs(weights.apply(slot)), Double::sum);
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    importance.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    return sorted;
  }

  private static Optional<Vector> weights(Transformer model) {
    if (model instanceof GBTClassificationModel gbt) {
      return Optional.of(gbt.featureImportances());
    } else if (model instanceof RandomForestClassificationModel forest) {
      return Optional.of(forest.featureImportances());
    } else if (model instanceof DecisionTreeClassificationModel tree) {
      return Optional.of(tree.featureImportances());
    } else if (model instanceof GBTRegressionModel gbt) {
      return Optional.of(gbt.featureImportances());
    } else if (model instanceof RandomForestRegressionModel forest) {
      return Optional.of(forest.featureImportances());
    } else if (model instanceof DecisionTreeRegressionModel tree) {
      return Optional.of(tree.featureImportances());
    } else if (model instanceof LogisticRegressionModel logistic && logistic.numClasses() == 2) {
      return Optional.of(logistic.coefficients());
    } else if (model instanceof LinearRegressionModel linear) {
      return Optional.of(linear.coefficients());
    }
    return Optional.empty();
  }
}
