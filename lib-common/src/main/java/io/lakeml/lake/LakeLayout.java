package io.lakeml.lake;

import java.nio.file.Path;

/**
 * Maps table ids, models and lakeml's own tables to locations under one lake root URI ({@code
 * file:///...} or {@code s3a://bucket/prefix}). No other code builds lake paths.
 */
public final class LakeLayout {
  private final String root;

  private LakeLayout(String root) {
    this.root = root;
  }

  /**
   * A layout rooted at {@code root}: a URI with a scheme is used as is; a plain path (relative to
   * the working directory) becomes a {@code file:} URI.
   */
  public static LakeLayout of(String root) {
    String trimmed = root.strip();
    String uri = Uris.hasScheme(trimmed) ? trimmed : Uris.file(Path.of(trimmed));
    while (uri.endsWith("/")) {
      uri = uri.substring(0, uri.length() - 1);
    }
    return new LakeLayout(uri);
  }

  /** The lake root, without a trailing slash. */
  public String root() {
    return root;
  }

  /** The folder of a layer, also the location of its catalog schema. */
  public String layer(Layer layer) {
    return root + "/" + layer.folder();
  }

  /** The Delta table location of {@code table}. */
  public String table(TableId table) {
    return layer(table.layer()) + "/" + table.name();
  }

  /** The Delta location of one of lakeml's own tables. */
  public String system(SystemTable table) {
    return root + "/_lakeml/" + table.folder();
  }

  /** The landing folder of a source whose pipeline declares no path. */
  public String raw(String source) {
    return root + "/raw/" + source;
  }

  /** The streaming checkpoint of a source's incremental ingest. */
  public String checkpoint(String source) {
    return root + "/_lakeml/checkpoints/" + source;
  }

  /** The folder of one model version: the fitted pipeline and its metadata. */
  public String modelVersion(String model, int version) {
    return root + "/models/" + model + "/v" + version;
  }

  /** The lock object a writing command holds while it runs (see {@code WriterLock}). */
  public String writerLock() {
    return root + "/_lakeml/locks/writer";
  }

  /** The catalog warehouse folder, kept inside the lake so nothing lands in the working dir. */
  public String warehouse() {
    return root + "/_lakeml/warehouse";
  }

  @Override
  public String toString() {
    return root;
  }
}
