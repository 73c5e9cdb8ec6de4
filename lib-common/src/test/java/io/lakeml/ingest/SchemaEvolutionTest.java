package io.lakeml.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.delta.Lake;
import io.lakeml.lake.Columns;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.testing.TestLakes;
import io.lakeml.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
  private Lake lake;
  private TableId bronze;

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("schema");
    bronze = TestLakes.uniqueTable(Layer.BRONZE, "events");
  }

  private SourceSpec source(String format, Map<String, String> options, String schema) {
    return new SourceSpec(
        TestLakes.uniqueName("events"),
        format,
        Optional.empty(),
        bronze,
        options,
        schema.isEmpty() ? new StructType() : StructType.fromDDL(schema));
  }

  private List<Row> rows() {
    return lake.read(bronze, "ingest").orderBy("id").collectAsList();
  }

  @Test
  void aNewCsvColumnIsAddedWhenTheSourceEvolvesAndEarlierRowsAreNull() {
    SourceSpec source =
        source("csv", Map.of("header", "true"), "id INT, kind STRING").withEvolveSchema(true);
    Landing landing = new Landing(lake, source.name());
    landing.text("day-1.csv", "id,kind", "1,a");
    FileIngest.ingest(lake, source, "run-1");
    landing.text("day-2.csv", "id,gate,kind", "2,B12,b");

    IngestReport report = FileIngest.ingest(lake, source, "run-2");

    assertThat(report.schemaChanges()).containsExactly("added columns: gate STRING");
    assertThat(lake.read(bronze, "ingest").schema().apply("gate").dataType())
        .isEqualTo(DataTypes.StringType);
    assertThat(rows())
        .extracting(row -> row.getAs("id") + " " + row.getAs("kind") + " " + row.getAs("gate"))
        .containsExactly("1 a null", "2 b B12");
    assertThat(rows())
        .allSatisfy(row -> assertThat(row.<Object>getAs(Columns.RESCUED_DATA)).isNull());
  }

  @Test
  void withoutADeclaredSchemaTheFirstIngestInfersItAndLaterFilesAreHeldToIt() throws IOException {
    SourceSpec source = source("parquet", Map.of(), "");
    Landing landing = new Landing(lake, source.name());
    parquet(landing, "day-1.parquet", "id INT, kind STRING", RowFactory.create(1, "a"));

    IngestReport first = FileIngest.ingest(lake, source, "run-1");
    parquet(landing, "day-2.parquet", "id STRING, kind STRING", RowFactory.create("two", "b"));
    IngestReport second = FileIngest.ingest(lake, source, "run-2");

    assertThat(first.schemaChanges()).containsExactly("inferred schema: id INT, kind STRING");
    assertThat(second.schemaChanges()).isEmpty();
    assertThat(lake.read(bronze, "ingest").schema().apply("id").dataType())
        .isEqualTo(DataTypes.IntegerType);
    List<Row> rows = lake.read(bronze, "ingest").orderBy("kind").collectAsList();
    assertThat(rows.get(0).<Integer>getAs("id")).isEqualTo(1);
    assertThat(rows.get(1).<Object>getAs("id")).isNull();
    assertThat(rows.get(1).getJavaMap(rows.get(1).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("id", "two"));
    assertThat(second.rescued()).isEqualTo(1);
  }

  @Test
  void aNewJsonKeyIsRescuedUnlessTheSourceEvolves() {
    SourceSpec fixed = source("json", Map.of(), "id INT, kind STRING");
    Landing landing = new Landing(lake, fixed.name());
    landing.text("day-1.json", "{\"id\": 1, \"kind\": \"a\", \"gate\": \"B12\"}");
    FileIngest.ingest(lake, fixed, "run-1");
    landing.text("day-2.json", "{\"id\": 2, \"kind\": \"b\", \"gate\": \"C3\"}");

    IngestReport evolved = FileIngest.ingest(lake, fixed.withEvolveSchema(true), "run-2");

    assertThat(evolved.schemaChanges()).containsExactly("added columns: gate STRING");
    List<Row> rows = rows();
    assertThat(rows.get(0).<Object>getAs("gate")).isNull();
    assertThat(rows.get(0).getJavaMap(rows.get(0).fieldIndex(Columns.RESCUED_DATA)))
        .isEqualTo(Map.of("gate", "B12"));
    assertThat(rows.get(1).<String>getAs("gate")).isEqualTo("C3");
    assertThat(rows.get(1).<Object>getAs(Columns.RESCUED_DATA)).isNull();
  }

  /** Writes one Parquet file of {@code rows} into the landing folder under {@code name}. */
  private static void parquet(Landing landing, String name, String schema, Row... rows)
      throws IOException {
    Path scratch = TestSpark.scratch("parquet").resolve("out");
    TestSpark.session()
        .createDataFrame(List.of(rows), StructType.fromDDL(schema))
        .coalesce(1)
        .write()
        .parquet(scratch.toString());
    try (var files = Files.list(scratch)) {
      Path part =
          files
              .filter(file -> file.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.copy(part, landing.folder().resolve(name));
    }
  }
}
