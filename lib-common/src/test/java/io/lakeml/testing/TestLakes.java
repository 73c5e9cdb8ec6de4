package io.lakeml.testing;

import io.lakeml.delta.Lake;
import io.lakeml.lake.LakeLayout;
import io.lakeml.lake.Layer;
import io.lakeml.lake.TableId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh lakes for tests: each on its own scratch root, with table names unique in the test JVM.
 * Unique names matter because every write registers {@code layer.name} in the one shared session
 * catalog, where an earlier test's registration of the same name would win.
 */
public final class TestLakes {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String JVM = Long.toString(ProcessHandle.current().pid(), 36);

  private TestLakes() {}

  /** A lake on a new empty root under the build's temp dir. */
  public static Lake fresh(String prefix) {
    return new Lake(TestSpark.session(), LakeLayout.of(TestSpark.scratch(prefix).toString()));
  }

  /** {@code prefix} plus a suffix no other call in this JVM returns; a valid table name. */
  public static String uniqueName(String prefix) {
    return prefix + "_" + JVM + "_" + COUNTER.incrementAndGet();
  }

  /** A table id whose name no other test in this JVM uses. */
  public static TableId uniqueTable(Layer layer, String prefix) {
    return new TableId(layer, uniqueName(prefix));
  }
}
