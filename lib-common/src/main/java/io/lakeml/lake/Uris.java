package io.lakeml.lake;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Turning configured locations into the URIs Hadoop file systems take. */
public final class Uris {
  // Two or more characters, so a Windows drive letter ("C:") is not taken for a scheme.
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

  private Uris() {}

  /** Whether {@code location} starts with a URI scheme ({@code s3a:}, {@code file:}, ...). */
  public static boolean hasScheme(String location) {
    return SCHEME.matcher(location).matches();
  }

  /**
   * A {@code file://} location for a local path, absolute and normalized, left unencoded: Hadoop's
   * {@code Path} takes spaces and other characters literally, and would keep {@code %20} as is.
   */
  public static String file(Path path) {
    String absolute = path.toAbsolutePath().normalize().toString().replace('\\', '/');
    return "file://" + (absolute.startsWith("/") ? "" : "/") + absolute;
  }
}
