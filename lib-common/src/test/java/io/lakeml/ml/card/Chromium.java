package io.lakeml.ml.card;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a page in headless Chromium (Debian's {@code chromium}) and reports, for every image of the
 * page, whether it loaded. The page is copied beside itself with a script that, once the page has
 * loaded, lists each image with {@code complete && naturalWidth > 0}; Chromium prints the resulting
 * DOM.
 */
final class Chromium {
  private static final String CHECK =
      "<script>window.addEventListener('load', function () {"
          + " var out = document.createElement('pre'); out.id = 'image-check';"
          + " out.textContent = Array.from(document.images).map(function (image) {"
          + " return image.getAttribute('src') + ' '"
          + " + (image.complete && image.naturalWidth > 0 ? 'loaded' : 'broken'); }).join('\\n');"
          + " document.body.appendChild(out); });</script>";
  private static final Pattern RESULT =
      Pattern.compile("<pre id=\"image-check\">(.*?)</pre>", Pattern.DOTALL);

  private Chromium() {}

  /** Image source → "loaded" or "broken", in page order; fails when Chromium is missing. */
  static Map<String, String> images(Path page) throws IOException, InterruptedException {
    String html = Files.readString(page);
    if (!html.contains("</body>")) {
      fail("%s has no </body>", page);
    }
    Path check = page.resolveSibling("image-check.html");
    Files.writeString(check, html.replace("</body>", CHECK + "</body>"));
    Path profile = Files.createTempDirectory("chromium-profile");
    Process process =
        new ProcessBuilder(
                binary().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000",
                "--dump-dom",
                check.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish within 120 s on %s", check);
    }
    Files.delete(check);
    Matcher result = RESULT.matcher(dom);
    if (!result.find()) {
      fail("chromium printed no image report for %s (exit %d): %s", page, process.exitValue(), dom);
    }
    Map<String, String> images = new LinkedHashMap<>();
    for (String line : result.group(1).strip().split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.strip().split(" ");
        images.put(parts[0], parts[1]);
      }
    }
    return images;
  }

  private static Path binary() {
    Optional<Path> found =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .flatMap(
                dir ->
                    Arrays.stream(new String[] {"chromium", "chromium-browser"})
                        .map(name -> Path.of(dir, name)))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      fail(
          "chromium is not on the PATH; the model card test renders the card in headless Chromium."
              + " Install Debian's package: apt-get install -y --no-install-recommends chromium"
              + " (.ci/run does this on a fresh machine)");
    }
    return found.get();
  }
}
