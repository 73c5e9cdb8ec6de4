package io.lakeml.curate;

import io.lakeml.config.Digests;
import io.lakeml.delta.Lake;
import io.lakeml.delta.Lineage;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.GoldTableSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Silver → gold: gold tables are SQL queries over lake tables, recomputed when inputs change. */
public final class Curate {
  private Curate() {}

  /** The versions of the query's inputs and a digest of the query: what the table derives from. */
  public static Lineage lineage(Lake lake, GoldTableSpec table) {
    Map<String, Long> inputs = new LinkedHashMap<>();
    for (TableId input : table.inputs()) {
      if (!lake.exists(input)) {
        throw LakeErrors.tableNotFound(
            input.toString(), lake.layout().table(input), "refine or curate");
      }
      inputs.put(input.toString(), lake.version(input));
    }
    return new Lineage(inputs, Digests.sha256(table.sql() + "\n" + table.partitionBy()));
  }

  /** The rows of the gold table, as its query defines them (lazy). */
  public static Dataset<Row> query(SparkSession spark, GoldTableSpec table) {
    try {
      return spark.sql(table.sql());
    } catch (Exception e) { // Scala throws the checked AnalysisException undeclared.
      throw LakeErrors.sqlFailed(
          "the query of " + table.id() + " (tables.gold." + table.id().name() + ".sql)",
          LakeErrors.rootMessage(e),
          e);
    }
  }
}
