package io.lakeml.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {
  private static final TableId FLIGHTS = new TableId(Layer.SILVER, "flights");
  private static final String WORKING_DIR = Path.of("").toAbsolutePath().toString();

  @Test
  void everyLocationUnderAFileRoot() {
    LakeLayout layout = LakeLayout.of("file:///data/lake");

    assertThat(layout.root()).isEqualTo("file:///data/lake");
    assertThat(layout).hasToString("file:///data/lake");
    assertThat(layout.layer(Layer.BRONZE)).isEqualTo("file:///data/lake/bronze");
    assertThat(layout.layer(Layer.SILVER)).isEqualTo("file:///data/lake/silver");
    assertThat(layout.layer(Layer.GOLD)).isEqualTo("file:///data/lake/gold");
    assertThat(layout.table(FLIGHTS)).isEqualTo("file:///data/lake/silver/flights");
    assertThat(layout.table(FLIGHTS.quarantine()))
        .isEqualTo("file:///data/lake/silver/flights_quarantine");
    assertThat(layout.system(SystemTable.RUNS)).isEqualTo("file:///data/lake/_lakeml/runs");
    assertThat(layout.system(SystemTable.REGISTRY)).isEqualTo("file:///data/lake/_lakeml/registry");
    assertThat(layout.raw("flights_csv")).isEqualTo("file:///data/lake/raw/flights_csv");
    assertThat(layout.checkpoint("flights_csv"))
        .isEqualTo("file:///data/lake/_lakeml/checkpoints/flights_csv");
    assertThat(layout.modelVersion("flight_delay", 3))
        .isEqualTo("file:///data/lake/models/flight_delay/v3");
    assertThat(layout.warehouse()).isEqualTo("file:///data/lake/_lakeml/warehouse");
  }

  @Test
  void relativeRootBecomesAbsoluteFileUri() {
    LakeLayout layout = LakeLayout.of("lake");

    assertThat(layout.root()).isEqualTo("file://" + WORKING_DIR + "/lake");
    assertThat(layout.table(FLIGHTS)).isEqualTo("file://" + WORKING_DIR + "/lake/silver/flights");
    assertThat(layout.raw("airports")).isEqualTo("file://" + WORKING_DIR + "/lake/raw/airports");
  }

  @Test
  void relativeRootIsNormalised() {
    assertThat(LakeLayout.of("./data/../lake/").root())
        .isEqualTo("file://" + WORKING_DIR + "/lake");
  }

  @Test
  void absolutePathBecomesFileUri() {
    assertThat(LakeLayout.of("/data/lake").root()).isEqualTo("file:///data/lake");
  }

  @Test
  void s3aRootKeptAsWrittenWithoutTrailingSlashes() {
    LakeLayout layout = LakeLayout.of("s3a://bucket/a/./b/../lake//");

    assertThat(layout.root()).isEqualTo("s3a://bucket/a/./b/../lake");
    assertThat(layout.table(FLIGHTS)).isEqualTo("s3a://bucket/a/./b/../lake/silver/flights");
    assertThat(layout.modelVersion("flight_delay", 1))
        .isEqualTo("s3a://bucket/a/./b/../lake/models/flight_delay/v1");
  }

  @Test
  void s3aBucketRoot() {
    LakeLayout layout = LakeLayout.of("s3a://bucket/");

    assertThat(layout.root()).isEqualTo("s3a://bucket");
    assertThat(layout.system(SystemTable.RUNS)).isEqualTo("s3a://bucket/_lakeml/runs");
  }

  @Test
  void surroundingWhitespaceIgnored() {
    assertThat(LakeLayout.of("  s3a://bucket/lake \n").root()).isEqualTo("s3a://bucket/lake");
  }

  @Test
  void fileUriWithSpacesKeptAsWritten() {
    LakeLayout layout = LakeLayout.of("file:///data/my lake/");

    assertThat(layout.root()).isEqualTo("file:///data/my lake");
    assertThat(layout.table(FLIGHTS)).isEqualTo("file:///data/my lake/silver/flights");
  }

  @Test
  void relativeRootWithSpacesResolvesToThatFolderForHadoop() {
    LakeLayout layout = LakeLayout.of("my lake");

    assertThat(new org.apache.hadoop.fs.Path(layout.table(FLIGHTS)).toUri().getPath())
        .isEqualTo(Path.of("my lake/silver/flights").toAbsolutePath().toString());
  }
}
