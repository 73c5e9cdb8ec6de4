package io.lakeml.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** bin/jvm-options and the pom's test flags must stay exactly Spark's own JVM flags. */
class JvmOptionsTest {
  private static final List<String> SPARK =
      Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+"));

  @Test
  void launcherPassesSparksFlags() throws IOException {
    List<String> flags =
        Files.readAllLines(Path.of("../bin/jvm-options")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();

    assertThat(flags).containsExactlyInAnyOrderElementsOf(SPARK);
  }

  @Test
  void testsRunWithSparksFlags() throws IOException {
    Matcher property =
        Pattern.compile("<spark.jvm.flags>(.*)</spark.jvm.flags>")
            .matcher(Files.readString(Path.of("../pom.xml")));

    assertThat(property.find()).isTrue();
    assertThat(property.group(1).split("\\s+")).containsExactlyInAnyOrderElementsOf(SPARK);
  }
}
