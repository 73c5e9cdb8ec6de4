package io.lakeml.pipeline;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Predicate;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Checks a declared SQL condition before Spark runs: it parses, names only known columns, and is a
 * boolean condition. Types that need analysis (function results) are checked again at refine.
 */
final class Conditions {
  private Conditions() {}

  /**
   * Throws IllegalArgumentException saying what is wrong with {@code sql}; {@code columns} maps the
   * known columns to their types (a null type when unknown), or is empty when they are not
   * declared.
   */
  static void check(String sql, Optional<Map<String, DataType>> columns) {
    Expression expression = parse(sql, columns);
    if (!isBoolean(expression, caseInsensitive(columns.orElse(Map.of())))) {
      throw new IllegalArgumentException(
          "not a boolean condition: " + expression.getClass().getSimpleName());
    }
  }

  /** Parses {@code sql} and checks the columns it names, as {@link #check} does. */
  static Expression parse(String sql, Optional<Map<String, DataType>> columns) {
    Expression expression;
    try {
      expression = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // Scala throws the checked ParseException undeclared.
      throw new IllegalArgumentException(Schemas.firstLine(e.getMessage()), e);
    }
    columns.ifPresent(known -> checkColumns(expression, known));
    return expression;
  }

  private static void checkColumns(Expression expression, Map<String, DataType> known) {
    Map<String, DataType> lookup = caseInsensitive(known);
    Set<String> unknown = new LinkedHashSet<>();
    expression.foreach(
        node -> {
          if (node instanceof UnresolvedAttribute attribute) {
            String name = CollectionConverters.asJava(attribute.nameParts()).get(0);
            if (!lookup.containsKey(name)) {
              unknown.add(name);
            }
          }
          return BoxedUnit.UNIT;
        });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown column(s) " + unknown + "; known columns are " + known.keySet());
    }
  }

  /** Spark resolves column names ignoring case; so do these checks. */
  private static Map<String, DataType> caseInsensitive(Map<String, DataType> columns) {
    Map<String, DataType> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    columns.forEach(result::put);
    return result;
  }

  private static boolean isBoolean(Expression expression, Map<String, DataType> known) {
    if (expression instanceof Predicate
        || expression instanceof UnresolvedFunction
        || expression instanceof CaseWhen
        || expression instanceof If
        || expression instanceof Coalesce) {
      return true;
    }
    if (expression instanceof Literal literal) {
      return literal.dataType().equals(DataTypes.BooleanType);
    }
    if (expression instanceof UnresolvedAttribute attribute) {
      DataType type = known.get(attribute.name());
      return type == null || type.equals(DataTypes.BooleanType);
    }
    return false;
  }
}
