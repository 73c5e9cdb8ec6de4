package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.SystemTable;
import io.lakeml.ml.Standing.Alias;
import io.lakeml.ml.Standing.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry, {@code _lakeml/registry}: one Delta row per model version with its metrics,
 * params, lineage, declaration and standing (alias and status), plus a {@code metadata.json} beside
 * each saved model. Every change of standing is one Delta MERGE, so a model has exactly one
 * champion at every version of the registry once it has any.
 */
public final class ModelRegistry {
  /** The standing columns, the only ones a registry row changes after it is written. */
  private static final StructType STANDING =
      new StructType()
          .add("alias", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("champion_since", DataTypes.TimestampType)
          .add("decision", DataTypes.StringType);

  /** The schema of {@code _lakeml/registry}. */
  public static final StructType SCHEMA =
      merged(
          new StructType()
              .add("model", DataTypes.StringType, false)
              .add("version", DataTypes.IntegerType, false)
              .add("created_at", DataTypes.TimestampType, false)
              .add("algorithm", DataTypes.StringType, false)
              .add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
              .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
              .add("features", DataTypes.createArrayType(DataTypes.StringType))
              .add("train_rows", DataTypes.LongType, false)
              .add("test_rows", DataTypes.LongType, false)
              .add("inputs", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
              .add("config_hash", DataTypes.StringType, false)
              .add("code_version", DataTypes.StringType)
              .add("location", DataTypes.StringType, false)
              .add("metric", DataTypes.StringType)
              .add("declaration", DataTypes.StringType)
              .add(
                  "features_dropped",
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)),
          STANDING);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Lake lake;

  public ModelRegistry(Lake lake) {
    this.lake = lake;
  }

  /** The newest version of {@code model}; fails naming the registered models when none. */
  public ModelVersion latest(String model) {
    List<ModelVersion> versions = versions(model);
    return versions.get(versions.size() - 1);
  }

  /** Every version of {@code model}, oldest first; fails naming the registered models when none. */
  public List<ModelVersion> versions(String model) {
    List<ModelVersion> versions =
        rows(model).map(Dataset::collectAsList).orElse(List.of()).stream()
            .map(ModelRegistry::fromRow)
            .sorted(Comparator.comparingInt(ModelVersion::version))
            .toList();
    if (versions.isEmpty()) {
      throw LakeErrors.modelNotFound(model, models());
    }
    return versions;
  }

  /** One version of {@code model}; fails naming the model's versions when it has no such one. */
  public ModelVersion version(String model, int version) {
    List<ModelVersion> versions = versions(model);
    return versions.stream()
        .filter(candidate -> candidate.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                LakeErrors.versionNotFound(
                    model, version, versions.stream().map(ModelVersion::version).toList()));
  }

  /** The version {@code score} uses; fails when the model is unknown or has no champion. */
  public ModelVersion champion(String model) {
    return Standings.champion(versions(model))
        .orElseThrow(() -> LakeErrors.noChampion(model, "score with"));
  }

  /** The champion of {@code model}, if the model exists and has one. */
  public Optional<ModelVersion> findChampion(String model) {
    return rows(model).map(rows -> rows.where(col("alias").equalTo("champion"))).stream()
        .flatMap(rows -> rows.collectAsList().stream())
        .map(ModelRegistry::fromRow)
        .findFirst();
  }

  /** The version trained from exactly these inputs and this declaration, if any. */
  public Optional<ModelVersion> trainedFrom(String model, Map<String, Long> inputs, String hash) {
    return rows(model)
        .map(rows -> rows.where(col("config_hash").equalTo(hash)).collectAsList())
        .orElse(List.of())
        .stream()
        .map(ModelRegistry::fromRow)
        .filter(version -> version.inputs().equals(inputs))
        .findFirst();
  }

  /** The number the next version of {@code model} gets. */
  public int nextVersion(String model) {
    return rows(model)
        .map(rows -> rows.agg(max("version")).first())
        .map(row -> row.isNullAt(0) ? 1 : row.getInt(0) + 1)
        .orElse(1);
  }

  /** Names of the models with at least one version. */
  public List<String> models() {
    return lake.read(SystemTable.REGISTRY)
        .map(rows -> rows.select("model").distinct().orderBy("model").as(Encoders.STRING()))
        .map(Dataset::collectAsList)
        .orElse(List.of());
  }

  /** Writes {@code metadata.json} beside the saved model, then appends the registry row. */
  public void register(ModelVersion version) {
    Path metadata = new Path(version.metadataLocation());
    try {
      FileSystem fs = metadata.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(metadata, true)) {
        JSON.writeValue(out, version.toMetadata());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + metadata, e);
    }
    List<Object> values =
        new ArrayList<>(
            List.of(
                version.model(),
                version.version(),
                Timestamp.from(version.createdAt()),
                version.algorithm(),
                version.params(),
                version.metrics(),
                version.features(),
                version.trainRows(),
                version.testRows(),
                version.inputs(),
                version.configHash(),
                version.codeVersion(),
                version.location(),
                version.metric(),
                version.declaration(),
                version.featuresDropped()));
    values.addAll(Arrays.asList(standingValues(version.standing())));
    Row row = RowFactory.create(values.toArray());
    lake.append(SystemTable.REGISTRY, lake.spark().createDataFrame(List.of(row), SCHEMA));
  }

  /**
   * Makes {@code version} the champion of {@code model} and archives the previous one, in one
   * commit; returns the new champion. Promoting the champion changes nothing.
   */
  public ModelVersion promote(String model, int version, String decision) {
    List<ModelVersion> versions = versions(model);
    return apply(versions, version, Standings.promote(versions, version, now(), decision));
  }

  /** Makes {@code version} the challenger of {@code model} (it did not beat the champion). */
  public ModelVersion challenge(String model, int version, String decision) {
    List<ModelVersion> versions = versions(model);
    return apply(versions, version, Standings.challenge(versions, version, decision));
  }

  /**
   * Withdraws the champion of {@code model} and restores the version that was champion before it,
   * in one commit; returns the restored champion.
   */
  public ModelVersion rollback(String model) {
    List<ModelVersion> versions = versions(model);
    Map<Integer, Standing> changes = Standings.rollback(versions, model, now());
    int restored =
        changes.entrySet().stream()
            .filter(change -> change.getValue().isChampion())
            .findFirst()
            .get()
            .getKey();
    return apply(versions, restored, changes);
  }

  /**
   * Writes the changed standings of one model's versions in one Delta UPDATE (one commit); returns
   * {@code version} as it stands afterwards.
   */
  private ModelVersion apply(
      List<ModelVersion> versions, int version, Map<Integer, Standing> changes) {
    ModelVersion target =
        versions.stream().filter(candidate -> candidate.version() == version).findFirst().get();
    if (changes.isEmpty()) {
      return target;
    }
    upgrade();
    Map<String, Column> set = new LinkedHashMap<>();
    for (int field = 0; field < STANDING.size(); field++) {
      Column value = null;
      for (Map.Entry<Integer, Standing> change : changes.entrySet()) {
        Column when = col("version").equalTo(change.getKey());
        Column stored =
            lit(standingValues(change.getValue())[field]).cast(STANDING.fields()[field].dataType());
        value = value == null ? when(when, stored) : value.when(when, stored);
      }
      set.put(STANDING.fields()[field].name(), value);
    }
    String model = target.model();
    Column rows = col("model").equalTo(model).and(col("version").isin(changes.keySet().toArray()));
    lake.commit(SystemTable.REGISTRY, registry -> registry.update(rows, set));
    return changes.containsKey(version) ? target.withStanding(changes.get(version)) : target;
  }

  /** The current time at the precision a Delta timestamp keeps. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** Adds the columns of a newer lakeml to a registry written by an older one (empty commit). */
  private void upgrade() {
    List<String> columns =
        lake.read(SystemTable.REGISTRY).map(rows -> List.of(rows.columns())).orElse(List.of());
    if (!columns.containsAll(List.of(SCHEMA.fieldNames()))) {
      lake.append(SystemTable.REGISTRY, lake.spark().createDataFrame(List.of(), SCHEMA));
    }
  }

  private Optional<Dataset<Row>> rows(String model) {
    return lake.read(SystemTable.REGISTRY).map(rows -> rows.where(col("model").equalTo(model)));
  }

  private static Object[] standingValues(Standing standing) {
    return new Object[] {
      standing.alias().map(Alias::toString).orElse(null),
      standing.status().toString(),
      standing.championSince().map(Timestamp::from).orElse(null),
      standing.decision()
    };
  }

  private static StructType merged(StructType first, StructType second) {
    StructType result = first;
    for (var field : second.fields()) {
      result = result.add(field);
    }
    return result;
  }

  private static ModelVersion fromRow(Row row) {
    return new ModelVersion(
        row.getAs("model"),
        row.<Integer>getAs("version"),
        row.<Timestamp>getAs("created_at").toInstant(),
        row.getAs("algorithm"),
        row.getJavaMap(row.fieldIndex("params")),
        row.getJavaMap(row.fieldIndex("metrics")),
        row.getList(row.fieldIndex("features")),
        row.<Long>getAs("train_rows"),
        row.<Long>getAs("test_rows"),
        row.getJavaMap(row.fieldIndex("inputs")),
        row.getAs("config_hash"),
        row.getAs("code_version"),
        row.getAs("location"),
        text(row, "metric"),
        text(row, "declaration"),
        Optional.<Map<String, String>>ofNullable(optional(row, "features_dropped"))
            .orElse(Map.of()),
        standing(row));
  }

  /** Rows written before the registry had standings read as candidates. */
  private static Standing standing(Row row) {
    String status = optional(row, "status");
    String alias = optional(row, "alias");
    Timestamp since = optional(row, "champion_since");
    return new Standing(
        Optional.ofNullable(alias).map(Alias::parse),
        status == null ? Status.CANDIDATE : Status.parse(status),
        Optional.ofNullable(since).map(Timestamp::toInstant),
        status == null ? "registered before lakeml kept standings" : optional(row, "decision"));
  }

  private static String text(Row row, String column) {
    String value = optional(row, column);
    return value == null ? "" : value;
  }

  /** A column's value, null when it is null or the row (of an older registry) lacks it. */
  @SuppressWarnings("unchecked")
  private static <T> T optional(Row row, String column) {
    int index = Arrays.asList(row.schema().fieldNames()).indexOf(column);
    if (index < 0 || row.isNullAt(index)) {
      return null;
    }
    Object value = row.get(index);
    return (T) (value instanceof scala.collection.Map<?, ?> map ? row.getJavaMap(index) : value);
  }
}
