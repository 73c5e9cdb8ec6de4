package io.lakeml.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lakeml.delta.Lake;
import io.lakeml.errors.LakeErrors;
import io.lakeml.lake.SystemTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry, {@code _lakeml/registry}: one Delta row per model version with its metrics,
 * params and lineage, plus a {@code metadata.json} beside each saved model.
 */
public final class ModelRegistry {
  /** The schema of {@code _lakeml/registry}. */
  public static final StructType SCHEMA =
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
          .add("location", DataTypes.StringType, false);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Lake lake;

  public ModelRegistry(Lake lake) {
    this.lake = lake;
  }

  /** The newest version of {@code model}; fails naming the registered models when none. */
  public ModelVersion latest(String model) {
    return versions(model)
        .map(rows -> rows.orderBy(col("version").desc()).limit(1).collectAsList())
        .orElse(List.of())
        .stream()
        .findFirst()
        .map(ModelRegistry::fromRow)
        .orElseThrow(() -> LakeErrors.modelNotFound(model, models()));
  }

  /** The version trained from exactly these inputs and this declaration, if any. */
  public Optional<ModelVersion> trainedFrom(String model, Map<String, Long> inputs, String hash) {
    return versions(model)
        .map(rows -> rows.where(col("config_hash").equalTo(hash)).collectAsList())
        .orElse(List.of())
        .stream()
        .map(ModelRegistry::fromRow)
        .filter(version -> version.inputs().equals(inputs))
        .findFirst();
  }

  /** The number the next version of {@code model} gets. */
  public int nextVersion(String model) {
    return versions(model)
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
    Row row =
        RowFactory.create(
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
            version.location());
    lake.append(SystemTable.REGISTRY, lake.spark().createDataFrame(List.of(row), SCHEMA));
  }

  private Optional<Dataset<Row>> versions(String model) {
    return lake.read(SystemTable.REGISTRY).map(rows -> rows.where(col("model").equalTo(model)));
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
        row.getAs("location"));
  }
}
