package io.lakeml.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.delta.Lake;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.Columns;
import io.lakeml.lake.Layer;
import io.lakeml.pipeline.SourceSpec;
import io.lakeml.testing.TestLakes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExactlyOnceTest {
  private static final StructType EVENTS = StructType.fromDDL("id INT, kind STRING");

  private Lake lake;
  private SourceSpec source;
  private Landing landing;

  @BeforeEach
  void setUp() {
    lake = TestLakes.fresh("exactly-once");
    source =
        new SourceSpec(
            TestLakes.uniqueName("events"),
            "csv",
            Optional.empty(),
            TestLakes.uniqueTable(Layer.BRONZE, "events"),
            Map.of("header", "true"),
            EVENTS);
    landing = new Landing(lake, source.name());
  }

  @Test
  void aBatchReplayedAfterACrashBeforeItsCheckpointCommitIsNotCommittedAgain() throws IOException {
    landing.text("day-1.csv", "id,kind", "1,a", "2,b");
    FileIngest.ingest(lake, source, "run-1");
    long version = lake.version(source.table());
    Path commits = forgetFirstBatchDone();

    IngestReport replay = FileIngest.ingest(lake, source, "run-2");

    assertThat(lake.version(source.table())).isEqualTo(version);
    assertThat(lake.read(source.table(), "ingest").count()).isEqualTo(2);
    assertThat(replay.rows()).isZero();
    assertThat(commits.resolve("0")).exists();
  }

  @Test
  void aReplayCommitsOnlyTheRejectedRecordsTheCrashedRunDidNotCommit() throws IOException {
    landing.text("day-1.csv", "id,kind", "1,a", "2,b,extra", "3");
    FileIngest.ingest(lake, source, "run-1");
    long bronzeVersion = lake.version(source.table());
    // Killed between the bronze commit and the rejected one: drop the rejected table's commit.
    Path rejectedLog = Path.of(URI.create(lake.layout().table(source.rejectedTable())));
    deleteRecursively(rejectedLog);
    DeltaLog.clearCache(); // the rerun is a new process, with no table state cached
    forgetFirstBatchDone();

    IngestReport replay = FileIngest.ingest(lake, source, "run-2");

    assertThat(lake.version(source.table())).isEqualTo(bronzeVersion);
    assertThat(lake.read(source.table(), "ingest").count()).isEqualTo(1);
    assertThat(lake.read(source.rejectedTable(), "ingest").count()).isEqualTo(2);
    assertThat(replay.rows()).isZero();
  }

  @Test
  void aMaintenanceCommitAfterTheCrashDoesNotHideTheCommittedBatch() throws IOException {
    landing.text("day-1.csv", "id,kind", "1,a", "2,b");
    FileIngest.ingest(lake, source, "run-1");
    forgetFirstBatchDone();
    // More commits without an ingest marker than the first look back reads land on top of it.
    for (int round = 0; round < 10; round++) {
      lake.spark()
          .sql(
              "ALTER TABLE delta.`"
                  + lake.layout().table(source.table())
                  + "` SET TBLPROPERTIES ('lakeml.test.round' = '"
                  + round
                  + "')");
    }
    long version = lake.version(source.table());

    FileIngest.ingest(lake, source, "run-2");

    assertThat(lake.version(source.table())).isEqualTo(version);
    assertThat(lake.read(source.table(), "ingest").count()).isEqualTo(2);
  }

  @Test
  void aFileStillBeingWrittenStopsTheBatchNamingItAndCommitsNothing() {
    Path file = landing.text("day-1.csv", "id,kind", "1,a", "2,b");
    long listed = 8; // the size when the stream listed it; it grew since
    FileBatches batches = new FileBatches(lake, source, "run-1");

    assertThatThrownBy(
            () ->
                batches.requireComplete(
                    List.of(new FileListing(file.toUri().toString(), new Timestamp(0), listed))))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(file.toUri().toString())
        .hasMessageContaining("changed from 8 to 16 bytes after it was listed")
        .hasMessageContaining("nothing was committed")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.SOURCE_FILE_CHANGING);
    assertThat(lake.exists(source.table())).isFalse();
  }

  @Test
  void tenThousandSmallFilesAreEachIngestedOnceInBatches() {
    int files = 10_000;
    for (int index = 0; index < files; index++) {
      landing.text("event-" + index + ".csv", "id,kind", index + ",k");
    }
    SourceSpec batched = source.withMaxFilesPerBatch(5_000);

    IngestReport first = FileIngest.ingest(lake, batched, "run-1");
    IngestReport second = FileIngest.ingest(lake, batched, "run-2");

    assertThat(first.filesSeen()).isEqualTo(files);
    assertThat(first.filesIngested()).isEqualTo(files);
    assertThat(first.rows()).isEqualTo(files);
    assertThat(lake.version(source.table())).isEqualTo(1); // two batches, two commits
    var bronze = lake.read(source.table(), "ingest");
    assertThat(bronze.select(Columns.SOURCE_FILE).distinct().count()).isEqualTo(files);
    assertThat(bronze.select(col("id")).distinct().count()).isEqualTo(files);
    assertThat(second.filesIngested()).isZero();
    assertThat(second.filesSkipped()).isEqualTo(files);
    assertThat(second.bronze().skipped()).isTrue();
  }

  /**
   * What a run killed after its Delta commits, before the checkpoint marked batch 0 done, leaves:
   * the batch's offsets without its commit. Returns the checkpoint's commits folder.
   */
  private Path forgetFirstBatchDone() throws IOException {
    Path commits = Path.of(URI.create(lake.layout().checkpoint(source.name()))).resolve("commits");
    Files.delete(commits.resolve("0"));
    Files.delete(commits.resolve(".0.crc"));
    return commits;
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
