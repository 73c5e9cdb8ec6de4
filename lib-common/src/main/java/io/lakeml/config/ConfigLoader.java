package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.lakeml.errors.LakeErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the one effective {@link Config} of a command, highest precedence first: {@code --set}
 * overrides (the last one wins), {@code --conf} files (the last one wins), the pipeline file, the
 * application config ({@code -Dconfig.file}, e.g. {@code conf/local.conf}), and lib-common's {@code
 * reference.conf}. {@code ${?ENV}} substitutions resolve against the environment.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** What a command line asks to load. */
  public record Request(Path pipelineFile, List<Path> confFiles, List<String> overrides) {
    public Request {
      confFiles = List.copyOf(confFiles);
      overrides = List.copyOf(overrides);
    }
  }

  /** Loads, layers and resolves; a bad file or override fails with its name and line. */
  public static Config load(Request request) {
    try {
      Config merged = ConfigFactory.empty();
      for (int index = request.overrides().size() - 1; index >= 0; index--) {
        merged = merged.withFallback(parseOverride(request.overrides().get(index)));
      }
      for (int index = request.confFiles().size() - 1; index >= 0; index--) {
        merged = merged.withFallback(parseFile(request.confFiles().get(index)));
      }
      if (request.pipelineFile() != null) {
        merged = merged.withFallback(parseFile(request.pipelineFile()));
      }
      return merged
          .withFallback(ConfigFactory.defaultApplication())
          .withFallback(ConfigFactory.defaultReference())
          .resolve(ConfigResolveOptions.defaults());
    } catch (ConfigException e) {
      throw LakeErrors.configUnreadable(e.getMessage(), e);
    }
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw LakeErrors.configUnreadable(file + ": no such file", null);
    }
    return ConfigFactory.parseFile(
        file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
  }

  private static Config parseOverride(String override) {
    int equals = override.indexOf('=');
    if (equals <= 0) {
      throw LakeErrors.configUnreadable(
          "--set " + override + ": expected key=value, e.g. --set lakeml.lake.root=/tmp/lake",
          null);
    }
    String key = override.substring(0, equals).strip();
    String text = override.substring(equals + 1).strip();
    String origin = "--set " + override;
    ConfigValue value;
    if (text.startsWith("[") || text.startsWith("{")) {
      value =
          ConfigFactory.parseString(
                  "value = " + text, ConfigParseOptions.defaults().setOriginDescription(origin))
              .getValue("value");
    } else {
      value = ConfigValueFactory.fromAnyRef(scalar(text), origin);
    }
    try {
      return ConfigFactory.empty(origin).withValue(key, value);
    } catch (ConfigException e) {
      throw LakeErrors.configUnreadable(origin + ": " + e.getMessage(), e);
    }
  }

  /** Numbers and booleans keep their type; anything else (paths, URIs with //) is a string. */
  private static Object scalar(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    if (text.matches("-?\\d{1,18}")) {
      return Long.valueOf(text);
    }
    if (text.matches("-?\\d+\\.\\d+([eE]-?\\d+)?")) {
      return Double.valueOf(text);
    }
    return text;
  }
}
