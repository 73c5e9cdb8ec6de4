package io.lakeml.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/k8s: one Spark operator {@code SparkApplication} per stage, checked field by field against
 * the Dockerfile that builds its image and against lakeml itself. No Kubernetes or Docker here: the
 * YAML is parsed, not applied.
 */
class SparkApplicationManifestTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path K8S = REPO.resolve("deploy/k8s");

  /** Where the Dockerfile puts the repository's files in the image. */
  private static final String APP_HOME = "/opt/lakeml/";

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(secret|password|token|access[._-]?key|session).*");

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "refine", "curate", "train", "score"})
  void stageManifestRunsTheStageOnTheApplicationImage(String stage) throws IOException {
    JsonNode application = yaml(K8S.resolve("lakeml-" + stage + ".yaml")).get(0);
    JsonNode spec = application.get("spec");

    assertThat(application.get("apiVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
    assertThat(application.get("kind").asText()).isEqualTo("SparkApplication");
    assertThat(application.at("/metadata/name").asText()).isEqualTo("lakeml-flights-" + stage);
    assertThat(spec.get("type").asText()).isEqualTo("Java");
    assertThat(spec.get("mode").asText()).isEqualTo("cluster");
    assertThat(spec.get("mainClass").asText()).isEqualTo(Lakeml.class.getName());
    assertThat(spec.get("sparkVersion").asText())
        .isEqualTo(org.apache.spark.package$.MODULE$.SPARK_VERSION());
    assertThat(spec.get("image").asText()).isNotBlank();
    assertThat(spec.get("mainApplicationFile").asText())
        .isEqualTo("local://" + copies().get("jobs/target/lakeml-app.jar"));
    assertThat(spec.fieldNames())
        .toIterable()
        .anySatisfy(name -> assertThat(name).isEqualTo("sparkConf"));
    assertThat(spec.get("sparkConf").fieldNames())
        .toIterable()
        .anySatisfy(key -> assertThat(key).startsWith("spark.kubernetes."));
    for (String role : List.of("driver", "executor")) {
      JsonNode pod = spec.get(role);
      assertThat(pod.get("cores").asInt()).as(role + " cores").isPositive();
      assertThat(pod.get("memory").asText()).as(role + " memory").matches("\\d+[mg]");
      assertThat(secretReferences(pod))
          .as(role + " S3 credentials")
          .containsEntry("AWS_ACCESS_KEY_ID", "lakeml-s3/access-key-id")
          .containsEntry("AWS_SECRET_ACCESS_KEY", "lakeml-s3/secret-access-key");
    }
    assertThat(spec.at("/executor/instances").asInt()).isPositive();
    assertThat(spec.at("/driver/serviceAccount").asText()).isEqualTo(serviceAccount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "refine", "curate", "train", "score"})
  void stageManifestHoldsNoSecretValue(String stage) throws IOException {
    List<String> inline = new ArrayList<>();
    collectInlineSecrets(yaml(K8S.resolve("lakeml-" + stage + ".yaml")).get(0), "", inline);

    assertThat(inline).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "refine", "curate", "train", "score"})
  void stageArgumentsAreAcceptedByLakemlWithTheImagesConfig(String stage) throws IOException {
    JsonNode spec = yaml(K8S.resolve("lakeml-" + stage + ".yaml")).get(0).get("spec");
    List<String> arguments = new ArrayList<>();
    spec.get("arguments").forEach(argument -> arguments.add(argument.asText()));
    Matcher configFile =
        Pattern.compile("-Dconfig\\.file=(\\S+)").matcher(spec.at("/driver/javaOptions").asText());

    assertThat(arguments).hasSizeGreaterThanOrEqualTo(2);
    assertThat(arguments.get(0)).isEqualTo(stage);
    assertThat(configFile.find()).as("driver javaOptions set -Dconfig.file").isTrue();
    Path config = repoPath(configFile.group(1));
    Path pipeline = repoPath(arguments.get(1));
    assertThat(config).isRegularFile();
    assertThat(pipeline).isRegularFile();

    List<String> parse = new ArrayList<>(arguments);
    parse.set(1, pipeline.toString());
    parse.add("--help");
    ConfiguredLakeml.Outcome parsed =
        ConfiguredLakeml.execute(config, parse.toArray(String[]::new));
    String lake = environment(spec.get("driver")).get("LAKE_ROOT");
    // --lake stands for the LAKE_ROOT the driver gets, which this JVM cannot set.
    ConfiguredLakeml.Outcome validated =
        ConfiguredLakeml.execute(config, "validate", pipeline.toString(), "--lake", lake);

    assertThat(parsed.exitCode()).as(parsed.err()).isZero();
    assertThat(validated.exitCode()).as(validated.err()).isZero();
    assertThat(validated.out()).contains("Pipeline flights is valid. Lake: " + lake);
  }

  /** The Dockerfile builds on the official Spark image of the version lakeml is built with. */
  @Test
  void imageIsTheOfficialSparkImagePlusTheJarAndConfiguration() throws IOException {
    String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
    String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();

    assertThat(dockerfile)
        .containsPattern(
            "(?m)^FROM apache/spark:" + Pattern.quote(spark) + "-scala2\\.13-java17-ubuntu$");
    assertThat(copies())
        .containsEntry("jobs/target/lakeml-app.jar", APP_HOME + "lakeml-app.jar")
        .containsEntry("conf/", APP_HOME + "conf/");
  }

  private static String serviceAccount() throws IOException {
    for (JsonNode document : yaml(K8S.resolve("service-account.yaml"))) {
      if (document.get("kind").asText().equals("ServiceAccount")) {
        return document.at("/metadata/name").asText();
      }
    }
    throw new AssertionError("service-account.yaml declares no ServiceAccount");
  }

  /** env name -> value of every variable given inline. */
  private static Map<String, String> environment(JsonNode pod) {
    Map<String, String> values = new TreeMap<>();
    for (JsonNode variable : pod.path("env")) {
      if (variable.has("value")) {
        values.put(variable.get("name").asText(), variable.get("value").asText());
      }
    }
    return values;
  }

  /** env name -> secret/key of every variable taken from a Secret. */
  private static Map<String, String> secretReferences(JsonNode pod) {
    Map<String, String> references = new TreeMap<>();
    for (JsonNode variable : pod.path("env")) {
      JsonNode reference = variable.at("/valueFrom/secretKeyRef");
      if (!reference.isMissingNode()) {
        references.put(
            variable.get("name").asText(),
            reference.get("name").asText() + "/" + reference.get("key").asText());
      }
    }
    return references;
  }

  /** Paths of values that look like secrets written in the manifest itself. */
  private static void collectInlineSecrets(JsonNode node, String path, List<String> found) {
    if (node.isObject()) {
      if (node.has("name") && node.has("value") && secretName(node.get("name").asText())) {
        found.add(path + "/" + node.get("name").asText());
      }
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getValue().isValueNode() && secretName(field.getKey())) {
                  found.add(path + "/" + field.getKey());
                }
                collectInlineSecrets(field.getValue(), path + "/" + field.getKey(), found);
              });
    } else if (node.isArray()) {
      for (int index = 0; index < node.size(); index++) {
        collectInlineSecrets(node.get(index), path + "/" + index, found);
      }
    }
  }

  private static boolean secretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /** The repository file the image holds at {@code imagePath}. */
  private static Path repoPath(String imagePath) {
    assertThat(imagePath).startsWith(APP_HOME);
    return REPO.resolve(imagePath.substring(APP_HOME.length()));
  }

  /** source -> destination of every COPY line of the Dockerfile. */
  private static Map<String, String> copies() throws IOException {
    String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
    Map<String, String> copies = new LinkedHashMap<>();
    Matcher copy =
        Pattern.compile("(?m)^COPY(?:\\s+--\\S+)*\\s+(\\S+)\\s+(\\S+)\\s*$").matcher(dockerfile);
    while (copy.find()) {
      copies.put(copy.group(1), copy.group(2));
    }
    return copies;
  }

  private static List<JsonNode> yaml(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
      mapper.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
    assertThat(documents).as(file.toString()).isNotEmpty();
    return documents;
  }
}
