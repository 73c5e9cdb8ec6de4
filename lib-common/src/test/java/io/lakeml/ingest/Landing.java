package io.lakeml.ingest;

import io.lakeml.delta.Lake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Lands raw files in a source's landing folder of a test lake, as an upstream system would. */
final class Landing {
  private final Path folder;

  Landing(Lake lake, String source) {
    this.folder = Path.of(URI.create(lake.layout().raw(source)));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path folder() {
    return folder;
  }

  /** A text file made of {@code lines}, each ended by a newline. */
  Path text(String file, String... lines) {
    StringBuilder content = new StringBuilder();
    for (String line : lines) {
      content.append(line).append('\n');
    }
    return bytes(file, content.toString().getBytes(StandardCharsets.UTF_8));
  }

  Path bytes(String file, byte[] content) {
    try {
      return Files.write(folder.resolve(file), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A gzip file of {@code lines}, cut to its first {@code keep} bytes when {@code keep} is set. */
  Path gzip(String file, int keep, String... lines) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      for (String line : lines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] all = compressed.toByteArray();
    byte[] kept = new byte[keep < 0 ? all.length : Math.min(keep, all.length)];
    System.arraycopy(all, 0, kept, 0, kept.length);
    return bytes(file, kept);
  }
}
