package io.lakeml.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import io.lakeml.lake.LakeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLockTest {
  private static final Duration LEASE = Duration.ofHours(6);

  private final Configuration hadoop = new Configuration();

  @TempDir Path dir;

  private String location() {
    return LakeLayout.of(dir.resolve("lake").toString()).writerLock();
  }

  private static WriterLock.Holder holder(String runId, Instant acquiredAt) {
    return WriterLock.Holder.of("ingest", runId, acquiredAt, LEASE);
  }

  @Test
  void secondWriterIsRefusedWithTheHolderNamed() {
    try (WriterLock first =
        WriterLock.acquire(hadoop, location(), holder("run-1", Instant.now()))) {
      assertThat(Files.exists(dir.resolve("lake/_lakeml/locks/writer"))).isTrue();

      assertThatThrownBy(
              () -> WriterLock.acquire(hadoop, location(), holder("run-2", Instant.now())))
          .isInstanceOf(LakeException.class)
          .satisfies(e -> assertThat(((LakeException) e).code()).isEqualTo(ErrorCode.LAKE_LOCKED))
          .hasMessageContaining("another writer holds " + location())
          .hasMessageContaining(first.holder().owner())
          .hasMessageContaining("command ingest, run run-1")
          .hasMessageContaining("wait for it to finish");
    }
  }

  @Test
  void closingReleasesTheLockForTheNextWriter() {
    WriterLock.acquire(hadoop, location(), holder("run-1", Instant.now())).close();

    try (WriterLock next = WriterLock.acquire(hadoop, location(), holder("run-2", Instant.now()))) {
      assertThat(WriterLock.holder(hadoop, location())).contains(next.holder());
    }
    assertThat(WriterLock.holder(hadoop, location())).isEmpty();
  }

  @Test
  void expiredLeaseIsReportedAsStaleWithTheWayToBreakIt() {
    Instant longAgo = Instant.now().minus(Duration.ofDays(1));
    WriterLock.acquire(hadoop, location(), holder("run-dead", longAgo)); // never closed: died

    assertThatThrownBy(() -> WriterLock.acquire(hadoop, location(), holder("run-2", Instant.now())))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("run run-dead")
        .hasMessageContaining("its lease has expired")
        .hasMessageContaining("run 'lakeml unlock' with the same --lake");
  }

  @Test
  void unlockRemovesAStaleLockOnly() {
    WriterLock.acquire(
        hadoop, location(), holder("run-dead", Instant.now().minus(LEASE.plus(LEASE))));

    assertThat(WriterLock.breakStale(hadoop, location(), false))
        .hasValueSatisfying(removed -> assertThat(removed.runId()).isEqualTo("run-dead"));
    assertThat(WriterLock.holder(hadoop, location())).isEmpty();
    assertThat(WriterLock.breakStale(hadoop, location(), false)).isEmpty();
  }

  @Test
  void unlockRefusesALiveLeaseUnlessForced() {
    WriterLock.acquire(hadoop, location(), holder("run-live", Instant.now()));

    assertThatThrownBy(() -> WriterLock.breakStale(hadoop, location(), false))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("run run-live")
        .hasMessageContaining("'lakeml unlock --force'");
    assertThat(WriterLock.breakStale(hadoop, location(), true))
        .hasValueSatisfying(removed -> assertThat(removed.runId()).isEqualTo("run-live"));
    assertThat(WriterLock.holder(hadoop, location())).isEmpty();
  }

  @Test
  void releaseLeavesAnotherWritersLockAlone() {
    WriterLock mine = WriterLock.acquire(hadoop, location(), holder("run-1", Instant.now()));
    WriterLock.breakStale(hadoop, location(), true);
    WriterLock theirs = WriterLock.acquire(hadoop, location(), holder("run-2", Instant.now()));

    mine.close();

    assertThat(WriterLock.holder(hadoop, location())).contains(theirs.holder());
    theirs.close();
  }
}
