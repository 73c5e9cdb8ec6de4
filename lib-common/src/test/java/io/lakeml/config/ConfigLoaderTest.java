package io.lakeml.config;

import static io.lakeml.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.lakeml.errors.ErrorCode;
import io.lakeml.errors.LakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static Config load(Path pipeline, List<Path> confFiles, String... overrides) {
    return ConfigLoader.load(new ConfigLoader.Request(pipeline, confFiles, List.of(overrides)));
  }

  private static Config set(String... overrides) {
    return load(null, List.of(), overrides);
  }

  @Test
  void theLastOfRepeatedOverridesWins() {
    assertThat(set("a.b=1", "a.b=2").getInt("a.b")).isEqualTo(2);
    assertThat(set("a.b=2", "a.b=1").getInt("a.b")).isEqualTo(1);
  }

  @Test
  void layersEachSourceOverTheOnesBelowIt() {
    Path application =
        write(
            dir,
            "application.conf",
            """
            lakeml.spark.app-name = from-application
            k { application = application, pipeline = application, early = application }
            k { late = application, set = application }
            """);
    Path pipeline =
        write(
            dir,
            "pipeline.conf",
            "k { pipeline = pipeline, early = pipeline, late = pipeline, set = pipeline }\n");
    Path early = write(dir, "early.conf", "k { early = early, late = early, set = early }\n");
    Path late = write(dir, "late.conf", "k { late = late, set = late }\n");

    String previous = System.getProperty("config.file");
    System.setProperty("config.file", application.toString());
    Config config;
    try {
      config = load(pipeline, List.of(early, late), "k.set=set");
    } finally {
      if (previous == null) {
        System.clearProperty("config.file");
      } else {
        System.setProperty("config.file", previous);
      }
    }

    assertThat(config.getConfig("k").root().unwrapped())
        .containsOnly(
            Map.entry("application", "application"),
            Map.entry("pipeline", "pipeline"),
            Map.entry("early", "early"),
            Map.entry("late", "late"),
            Map.entry("set", "set"));
    assertThat(config.getString("lakeml.spark.app-name")).isEqualTo("from-application");
    assertThat(config.getString("lakeml.spark.conf.\"spark.sql.session.timeZone\""))
        .isEqualTo("UTC");
  }

  @Test
  void referenceDefaultsApplyWithoutAnyFile() {
    Config config = load(null, List.of());

    assertThat(config.getString("lakeml.spark.app-name")).isEqualTo("lakeml");
    assertThat(config.getString("lakeml.defaults.model.task")).isEqualTo("binary-classification");
  }

  @Test
  void setOverridesPipelineAndConfFiles() {
    Path pipeline = write(dir, "pipeline.conf", "name = from-pipeline\n");
    Path conf = write(dir, "extra.conf", "name = from-conf\n");

    assertThat(load(pipeline, List.of(conf), "name=from-set").getString("name"))
        .isEqualTo("from-set");
  }

  @Test
  void laterConfFileOverridesEarlierOne() {
    Path first = write(dir, "first.conf", "name = first\nonly-first = 1\n");
    Path second = write(dir, "second.conf", "name = second\n");

    Config config = load(null, List.of(first, second));

    assertThat(config.getString("name")).isEqualTo("second");
    assertThat(config.getInt("only-first")).isEqualTo(1);
  }

  @Test
  void substitutionsResolveAgainstOtherKeysAndTheEnvironment() {
    Path pipeline =
        write(
            dir,
            "pipeline.conf",
            """
            base = "/data"
            raw = ${base}"/raw"
            home = ${?HOME}
            optional = "kept"
            optional = ${?LAKEML_TEST_VARIABLE_THAT_IS_NEVER_SET}
            """);

    Config config = load(pipeline, List.of());

    assertThat(config.getString("raw")).isEqualTo("/data/raw");
    assertThat(config.getString("home")).isEqualTo(System.getenv("HOME")).isNotBlank();
    assertThat(config.getString("optional")).isEqualTo("kept");
  }

  @Test
  void substitutionsResolveAfterLayering() {
    Path pipeline = write(dir, "pipeline.conf", "base = \"/data\"\nraw = ${base}\"/raw\"\n");
    Path conf = write(dir, "site.conf", "base = \"/mnt/site\"\n");

    assertThat(load(pipeline, List.of(conf)).getString("raw")).isEqualTo("/mnt/site/raw");
  }

  @Test
  void unresolvableSubstitutionNamesFileAndLine() {
    Path pipeline = write(dir, "pipeline.conf", "a = 1\nb = ${nope}\n");

    assertThatThrownBy(() -> load(pipeline, List.of()))
        .isInstanceOf(LakeException.class)
        .hasMessageMatching(namesLine(pipeline, 2, "Could not resolve substitution.*\\$\\{nope}"));
  }

  @Test
  void setKeepsNumbersAndBooleansTyped() {
    Config config = set("a.count=3", "a.negative=-2", "a.ratio=2.5", "a.flag=true");

    assertThat(config.getValue("a.count").valueType()).isEqualTo(ConfigValueType.NUMBER);
    assertThat(config.getInt("a.count")).isEqualTo(3);
    assertThat(config.getInt("a.negative")).isEqualTo(-2);
    assertThat(config.getDouble("a.ratio")).isEqualTo(2.5);
    assertThat(config.getValue("a.flag").valueType()).isEqualTo(ConfigValueType.BOOLEAN);
    assertThat(config.getBoolean("a.flag")).isTrue();
  }

  @Test
  void setParsesLists() {
    Config config = set("a.columns=[date, origin]", "a.numbers=[1,2]");

    assertThat(config.getStringList("a.columns")).containsExactly("date", "origin");
    assertThat(config.getIntList("a.numbers")).containsExactly(1, 2);
  }

  @Test
  void setKeepsUrisAndOtherTextWholeAsStrings() {
    Config config =
        set(
            "lakeml.lake.root=file:///tmp/x",
            "a.bucket=s3a://bucket/prefix",
            "a.text = hello world ",
            "a.pair=x=y");

    assertThat(config.getValue("lakeml.lake.root").valueType()).isEqualTo(ConfigValueType.STRING);
    assertThat(config.getString("lakeml.lake.root")).isEqualTo("file:///tmp/x");
    assertThat(config.getString("a.bucket")).isEqualTo("s3a://bucket/prefix");
    assertThat(config.getString("a.text")).isEqualTo("hello world");
    assertThat(config.getString("a.pair")).isEqualTo("x=y");
  }

  @Test
  void setAcceptsQuotedDottedKeyAndMergesWithTheObjectItOverrides() {
    Config config = set("lakeml.spark.conf.\"spark.sql.shuffle.partitions\"=4");

    Config conf = config.getConfig("lakeml.spark");
    assertThat(conf.getInt("conf.\"spark.sql.shuffle.partitions\"")).isEqualTo(4);
    assertThat(conf.getString("conf.\"spark.sql.session.timeZone\"")).isEqualTo("UTC");
  }

  @Test
  void setWithoutEqualsIsRejectedNamingTheOverride() {
    assertThatThrownBy(() -> set("lakeml.lake.root"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("--set lakeml.lake.root: expected key=value")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.CONFIG_UNREADABLE);
  }

  @Test
  void setWithoutKeyIsRejected() {
    assertThatThrownBy(() -> set("=value"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("--set =value: expected key=value");
  }

  @Test
  void setWithUnterminatedListNamesTheOverride() {
    assertThatThrownBy(() -> set("a=[1,"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("--set a=[1,")
        .hasMessageContaining("List should have had new element");
  }

  @Test
  void missingFileIsRejectedNamingIt() {
    Path missing = dir.resolve("nope.conf");

    assertThatThrownBy(() -> load(null, List.of(missing)))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(missing + ": no such file")
        .extracting(error -> ((LakeException) error).code())
        .isEqualTo(ErrorCode.CONFIG_UNREADABLE);
  }

  @Test
  void missingPipelineFileIsRejectedNamingIt() {
    Path missing = dir.resolve("pipelines/absent.conf");

    assertThatThrownBy(() -> load(missing, List.of()))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(missing + ": no such file");
  }

  @Test
  void unparsableFileIsRejectedNamingFileAndLine() {
    Path broken = write(dir, "broken.conf", "a = 1\nb = [1, 2\nc = 3\n");

    assertThatThrownBy(() -> load(broken, List.of()))
        .isInstanceOf(LakeException.class)
        .hasMessageStartingWith("Cannot load configuration: ")
        .hasMessageMatching(namesLine(broken, 3, "List should have ended with \\].*"));
  }

  /** The loader's messages carry Typesafe Config's "file: line" (with or without the space). */
  private static String namesLine(Path file, int line, String detail) {
    String location = ConfigFiles.at(file, line);
    String where = location.substring(0, location.lastIndexOf(':'));
    return "(?s).*" + Pattern.quote(where) + ": ?" + line + ": " + detail + ".*";
  }
}
