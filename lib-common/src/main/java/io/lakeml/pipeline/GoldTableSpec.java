package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A gold table: the result of one SQL query over {@code silver.*} and {@code gold.*} tables,
 * rewritten whole whenever one of its inputs changed.
 *
 * @param id the gold table
 * @param sql the query
 * @param inputs the lake tables the query reads, parsed from it, in order of appearance
 * @param partitionBy the partition columns
 */
public record GoldTableSpec(TableId id, String sql, Set<TableId> inputs, List<String> partitionBy) {
  public GoldTableSpec {
    inputs = Collections.unmodifiableSet(new LinkedHashSet<>(inputs));
    partitionBy = List.copyOf(partitionBy);
  }

  static GoldTableSpec from(String name, ConfigReader table) {
    String sql = table.string("sql");
    Set<TableId> inputs =
        table.parsed("sql", "a Spark SQL query over the pipeline's tables", SqlTables::read);
    return new GoldTableSpec(
        new TableId(Layer.GOLD, name),
        sql,
        inputs,
        table.stringList("partition-by", "column names"));
  }
}
