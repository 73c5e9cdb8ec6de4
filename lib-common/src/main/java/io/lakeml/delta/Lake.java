package io.lakeml.delta;

import io.delta.tables.DeltaTable;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.Layer;
import io.lakeml.lake.SystemTable;
import io.lakeml.lake.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads and writes the lake's Delta tables. Every write is one Delta commit that carries its {@link
 * Lineage}, and every table written is registered in the session catalog as {@code layer.name}.
 */
public final class Lake {
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final int LINEAGE_LOOKBACK = 20;
  private static final Set<String> DATA_PRESERVING =
      Set.of(
          "OPTIMIZE",
          "ADD CONSTRAINT",
          "DROP CONSTRAINT",
          "SET TBLPROPERTIES",
          "UNSET TBLPROPERTIES",
          "VACUUM START",
          "VACUUM END",
          "CREATE TABLE");

  private final SparkSession spark;
  private final LakeLayout layout;

  public Lake(SparkSession spark, LakeLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  public LakeLayout layout() {
    return layout;
  }

  public SparkSession spark() {
    return spark;
  }

  /** Whether {@code table} has been written. */
  public boolean exists(TableId table) {
    return DeltaTable.isDeltaTable(spark, layout.table(table));
  }

  /** The current rows of {@code table}; {@code producer} names the stage that writes it. */
  public Dataset<Row> read(TableId table, String producer) {
    if (!exists(table)) {
      throw LakeErrors.tableNotFound(table.toString(), layout.table(table), producer);
    }
    return spark.read().format("delta").load(layout.table(table));
  }

  /**
   * The table's current version and its rows at exactly that version, so lineage names the data
   * that was read even when another writer commits meanwhile.
   */
  public Snapshot snapshot(TableId table, String producer) {
    if (!exists(table)) {
      throw LakeErrors.tableNotFound(table.toString(), layout.table(table), producer);
    }
    long version = version(table);
    Dataset<Row> rows =
        spark.read().format("delta").option("versionAsOf", version).load(layout.table(table));
    return new Snapshot(table, version, rows);
  }

  /**
   * The rows of {@code table} at an earlier {@code version} (Delta time travel), to rebuild what
   * was computed from it; fails when that version's files were vacuumed.
   */
  public Snapshot snapshot(TableId table, long version, String producer) {
    if (!exists(table)) {
      throw LakeErrors.tableNotFound(table.toString(), layout.table(table), producer);
    }
    Dataset<Row> rows =
        spark.read().format("delta").option("versionAsOf", version).load(layout.table(table));
    rows.schema(); // resolves the version now: a missing one fails here, not in a later job
    return new Snapshot(table, version, rows);
  }

  /**
   * The rows added to {@code table} after version {@code after} up to {@code upTo}, from Delta's
   * change data feed; empty when the feed does not cover that range (then read the snapshot).
   */
  public Optional<Dataset<Row>> changes(TableId table, long after, long upTo) {
    if (after >= upTo) {
      return Optional.of(snapshot(table, "ingest").rows().limit(0));
    }
    try {
      Dataset<Row> changes =
          spark
              .read()
              .format("delta")
              .option("readChangeFeed", "true")
              .option("startingVersion", after + 1)
              .option("endingVersion", upTo)
              .load(layout.table(table));
      changes.schema(); // analysis fails here when the feed was off for part of the range
      return Optional.of(
          changes
              .where("_change_type IN ('insert', 'update_postimage')")
              .drop("_change_type", "_commit_version", "_commit_timestamp"));
    } catch (Exception e) { // Spark throws the checked AnalysisException undeclared.
      return Optional.empty();
    }
  }

  /**
   * The current version of an existing table, from its transaction log on the driver (no Spark job,
   * unlike a history query).
   */
  public long version(TableId table) {
    return DeltaLog.forTable(spark, layout.table(table))
        .update(false, Option.empty(), Option.empty())
        .version();
  }

  /**
   * The lineage of the table's latest lakeml commit. Commits that keep the data as it is (OPTIMIZE,
   * constraints, properties) do not hide it; any other write by another writer does, so the stage
   * recomputes rather than trust a lineage the data no longer matches.
   */
  public Optional<Lineage> lineage(TableId table) {
    for (Commit commit : lastCommits(table, LINEAGE_LOOKBACK)) {
      Optional<Lineage> lineage = commit.userMetadata().flatMap(Lineage::fromJson);
      if (lineage.isPresent() || !DATA_PRESERVING.contains(commit.operation())) {
        return lineage;
      }
    }
    return Optional.empty();
  }

  /**
   * The last {@code count} commits of {@code table}, newest first; none when it does not exist.
   * Read from its transaction log on the driver, with no Spark job (a history query runs one).
   */
  public List<Commit> lastCommits(TableId table, int count) {
    DeltaLog log = DeltaLog.forTable(spark, layout.table(table));
    long last = log.update(false, Option.empty(), Option.empty()).version();
    List<Commit> commits = new ArrayList<>();
    if (last < 0) {
      return commits;
    }
    // failOnDataLoss false: commit files past the log's retention are gone, and are skipped.
    Iterator<Tuple2<Object, Seq<Action>>> changes =
        log.getChanges(Math.max(0, last - count + 1), Option.empty(), false);
    while (changes.hasNext()) {
      Tuple2<Object, Seq<Action>> change = changes.next();
      for (Action action : CollectionConverters.asJava(change._2())) {
        if (action instanceof CommitInfo info) {
          commits.add(
              new Commit(
                  (Long) change._1(),
                  info.operation(),
                  info.operationMetrics().isDefined()
                      ? CollectionConverters.asJava(info.operationMetrics().get())
                      : Map.of(),
                  info.userMetadata().isDefined()
                      ? Optional.of(info.userMetadata().get())
                      : Optional.empty()));
        }
      }
    }
    Collections.reverse(commits);
    return commits;
  }

  /** A result for a table left as it is because its lineage is unchanged. */
  public TableWrite unchanged(TableId table) {
    return new TableWrite(table, version(table), 0, true);
  }

  /** Replaces the table's rows (and schema) in one commit. */
  public TableWrite overwrite(
      TableId table, Dataset<Row> rows, List<String> partitionBy, Lineage lineage) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", lineage.toJson())
        .partitionBy(partitionBy.toArray(String[]::new))
        .save(layout.table(table));
    return written(table);
  }

  /**
   * Upserts {@code rows}, which hold at most one row per key, in one MERGE commit: a row whose key
   * is new is inserted; one whose {@code orderBy} value is higher than the table's replaces it.
   * Creates the table on first use.
   */
  public TableWrite merge(
      TableId table,
      Dataset<Row> rows,
      List<String> key,
      String orderBy,
      List<String> partitionBy,
      Lineage lineage) {
    if (!exists(table)) {
      rows.write()
          .format("delta")
          .mode("errorifexists")
          .option("userMetadata", lineage.toJson())
          .partitionBy(partitionBy.toArray(String[]::new))
          .save(layout.table(table));
      return written(table);
    }
    String matches =
        key.stream()
            .map(column -> "t.`" + column + "` <=> s.`" + column + "`")
            .collect(Collectors.joining(" AND "));
    return commit(
        table,
        lineage,
        target ->
            target
                .as("t")
                .merge(rows.as("s"), matches)
                .whenMatched("s.`" + orderBy + "` > t.`" + orderBy + "`")
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute());
  }

  /**
   * Runs one Delta operation (a MERGE, DELETE, ...) on an existing table so that its commit carries
   * {@code lineage}, and reports what it wrote.
   */
  public TableWrite commit(TableId table, Lineage lineage, Consumer<DeltaTable> operation) {
    spark.conf().set(USER_METADATA, lineage.toJson());
    try {
      operation.accept(DeltaTable.forPath(spark, layout.table(table)));
    } finally {
      spark.conf().unset(USER_METADATA);
    }
    return written(table);
  }

  /**
   * Appends to one of lakeml's own tables, creating it on first use; columns added by a newer
   * lakeml are added to the table.
   */
  public void append(SystemTable table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode("append")
        .option("mergeSchema", "true")
        .save(layout.system(table));
  }

  /** Runs one Delta operation (a MERGE, an UPDATE) on one of lakeml's own tables: one commit. */
  public void commit(SystemTable table, Consumer<DeltaTable> operation) {
    operation.accept(DeltaTable.forPath(spark, layout.system(table)));
  }

  /**
   * Replaces the rows of one of lakeml's own tables that match {@code condition} (a SQL predicate)
   * by {@code rows}, in one commit; creates the table on first use.
   */
  public void replace(SystemTable table, Dataset<Row> rows, String condition) {
    String location = layout.system(table);
    if (DeltaTable.isDeltaTable(spark, location)) {
      rows.write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", condition)
          .save(location);
    } else {
      append(table, rows);
    }
  }

  /** The rows of one of lakeml's own tables, empty when none were written yet. */
  public Optional<Dataset<Row>> read(SystemTable table) {
    String location = layout.system(table);
    return DeltaTable.isDeltaTable(spark, location)
        ? Optional.of(spark.read().format("delta").load(location))
        : Optional.empty();
  }

  /**
   * Registers every Delta table found under the layer folders as {@code layer.name}, and lakeml's
   * own tables as {@code lakeml.runs} and {@code lakeml.registry}.
   */
  public void registerAll() {
    for (SystemTable table : SystemTable.values()) {
      if (DeltaTable.isDeltaTable(spark, layout.system(table))) {
        spark.sql(
            String.format(
                "CREATE SCHEMA IF NOT EXISTS %s LOCATION '%s'",
                SystemTable.SCHEMA, quote(normal(layout.root() + "/_lakeml"))));
        spark.sql(
            String.format(
                "CREATE TABLE IF NOT EXISTS %s.%s USING delta LOCATION '%s'",
                SystemTable.SCHEMA, table.folder(), quote(normal(layout.system(table)))));
      }
    }
    for (Layer layer : Layer.values()) {
      Path folder = new Path(layout.layer(layer));
      try {
        FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(folder)) {
          continue;
        }
        for (FileStatus child : fs.listStatus(folder)) {
          String name = child.getPath().getName();
          if (child.isDirectory()
              && TableId.isValidName(name)
              && fs.exists(new Path(child.getPath(), "_delta_log"))) {
            register(new TableId(layer, name));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + folder, e);
      }
    }
  }

  /** Registers {@code table} in the session catalog so SQL can name it. */
  public void register(TableId table) {
    Layer layer = table.layer();
    spark.sql(
        String.format(
            "CREATE SCHEMA IF NOT EXISTS %s LOCATION '%s'",
            layer.folder(), quote(normal(layout.layer(layer)))));
    spark.sql(
        String.format(
            "CREATE TABLE IF NOT EXISTS %s USING delta LOCATION '%s'",
            table, quote(normal(layout.table(table)))));
  }

  private TableWrite written(TableId table) {
    Commit commit = lastCommits(table, 1).get(0);
    // A MERGE's numOutputRows also counts the unchanged rows copied into rewritten files.
    long rows =
        "MERGE".equals(commit.operation())
            ? metric(commit.metrics(), "numTargetRowsInserted")
                + metric(commit.metrics(), "numTargetRowsUpdated")
            : metric(commit.metrics(), "numOutputRows");
    register(table);
    return new TableWrite(table, commit.version(), rows, false);
  }

  private static long metric(Map<String, String> metrics, String name) {
    return Long.parseLong(metrics.getOrDefault(name, "0"));
  }

  /**
   * Hadoop's normal form of a location ({@code file:/x} for {@code file:///x}), as Delta compares
   * them.
   */
  public static String normal(String location) {
    return new Path(location).toString();
  }

  private static String quote(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }
}
