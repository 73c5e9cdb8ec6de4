package io.lakeml.pipeline;

import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/** Finds the lake tables a SQL query reads, with Spark's own parser and no SparkSession. */
public final class SqlTables {
  private static final Set<String> LAYERS =
      Set.copyOf(Arrays.stream(Layer.values()).map(Layer::folder).toList());

  private SqlTables() {}

  /**
   * The {@code layer.name} tables referenced anywhere in {@code sql} (subqueries and CTE bodies
   * included), in order of appearance; names that are not lake tables (CTEs, views) are ignored.
   *
   * @throws IllegalArgumentException when the query does not parse
   */
  public static Set<TableId> read(String sql) {
    LogicalPlan plan;
    try {
      plan = CatalystSqlParser$.MODULE$.parsePlan(sql);
    } catch (Exception e) { // Scala throws the checked ParseException undeclared.
      throw new IllegalArgumentException(Schemas.firstLine(e.getMessage()), e);
    }
    Set<TableId> tables = new LinkedHashSet<>();
    collect(plan, tables);
    return tables;
  }

  private static void collect(LogicalPlan plan, Set<TableId> tables) {
    plan.foreachWithSubqueries(
        node -> {
          if (node instanceof UnresolvedRelation relation) {
            List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
            if (parts.size() == 2 && LAYERS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
              tables.add(TableId.parse(String.join(".", parts).toLowerCase(Locale.ROOT)));
            }
          }
          // CTE definitions (WITH x AS (...)) are inner children, not children.
          CollectionConverters.asJava(node.innerChildren())
              .forEach(
                  inner -> {
                    if (inner instanceof LogicalPlan innerPlan) {
                      collect(innerPlan, tables);
                    }
                  });
          return BoxedUnit.UNIT;
        });
  }
}
