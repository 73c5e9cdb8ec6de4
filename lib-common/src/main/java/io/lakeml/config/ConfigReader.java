package io.lakeml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.lakeml.errors.LakeErrors;
import io.lakeml.errors.LakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, eager reads of one {@link Config} subtree. Every failure names the file and line, the full
 * key, what was expected and what was found, e.g. {@code conf/pipelines/flights.conf:31:
 * tables.silver.flights.key: expected a list of column names, got NUMBER 3}.
 */
public final class ConfigReader {
  private static final Path WORKING_DIR = Path.of("").toAbsolutePath();
  // Typesafe Config's origin of a value substituted from the environment.
  private static final String ENV_ORIGIN = "env variables";

  private final Config config;
  // The same keys as written by the user, without defaults beneath: the source of locations.
  private final Config declared;
  // Where this object is declared, for keys that only the defaults supply.
  private final ConfigOrigin home;
  private final String prefix;

  private ConfigReader(Config config, Config declared, ConfigOrigin home, String prefix) {
    this.config = config;
    this.declared = declared;
    this.home = home;
    this.prefix = prefix;
  }

  /** A reader of a whole resolved config. */
  public static ConfigReader of(Config config) {
    return new ConfigReader(config, config, config.root().origin(), "");
  }

  /** A reader of the object at {@code path}, which must exist. */
  public ConfigReader child(String path) {
    value(path, ConfigValueType.OBJECT, "an object");
    Config declaredChild =
        declared.hasPath(path) && declared.getValue(path).valueType() == ConfigValueType.OBJECT
            ? declared.getConfig(path)
            : ConfigFactory.empty();
    return new ConfigReader(config.getConfig(path), declaredChild, origin(path), fullPath(path));
  }

  /** This subtree with {@code defaults} beneath it; locations still name where values came from. */
  public ConfigReader withFallback(ConfigReader defaults) {
    return new ConfigReader(config.withFallback(defaults.config), declared, home, prefix);
  }

  /** Whether {@code path} is set (and not null). */
  public boolean has(String path) {
    return config.hasPath(path);
  }

  /** The keys of the object at this reader's root, sorted. */
  public List<String> keys() {
    return config.root().keySet().stream().sorted().toList();
  }

  /** A required string. */
  public String string(String path) {
    return (String) value(path, ConfigValueType.STRING, "a string").unwrapped();
  }

  /** A string that may be absent. */
  public Optional<String> optionalString(String path) {
    return has(path) ? Optional.of(string(path)) : Optional.empty();
  }

  /** A required value parsed by {@code parser}, which throws IllegalArgumentException to reject. */
  public <T> T parsed(String path, String expected, Function<String, T> parser) {
    ConfigValue value = value(path, ConfigValueType.STRING, expected);
    try {
      return parser.apply((String) value.unwrapped());
    } catch (LakeException | IllegalArgumentException e) {
      throw LakeErrors.configInvalid(
          location(origin(path)),
          fullPath(path),
          expected,
          describe(value) + " (" + e.getMessage() + ")");
    }
  }

  /**
   * A required enum constant, written in kebab-case in the file ({@code binary-classification}).
   */
  public <E extends Enum<E>> E enumValue(String path, Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(kebab(constant));
    }
    String expected = "one of " + String.join(", ", names);
    ConfigValue value = value(path, ConfigValueType.STRING, expected);
    for (E constant : type.getEnumConstants()) {
      if (kebab(constant).equals(value.unwrapped())) {
        return constant;
      }
    }
    throw LakeErrors.configInvalid(
        location(origin(path)), fullPath(path), expected, describe(value));
  }

  /** The kebab-case spelling of an enum constant, as written in config files. */
  public static String kebab(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A required whole number within [min, max]. */
  public int integer(String path, int min, int max) {
    ConfigValue value = value(path, ConfigValueType.NUMBER, "a whole number");
    Number number = (Number) value.unwrapped();
    if (number.doubleValue() != number.intValue()
        || number.intValue() < min
        || number.intValue() > max) {
      throw LakeErrors.configInvalid(
          location(origin(path)), fullPath(path),
          String.format("a whole number from %d to %d", min, max), describe(value));
    }
    return number.intValue();
  }

  /** A required number within [min, max]. */
  public double number(String path, double min, double max) {
    ConfigValue value = value(path, ConfigValueType.NUMBER, "a number");
    double number = ((Number) value.unwrapped()).doubleValue();
    if (number < min || number > max) {
      throw LakeErrors.configInvalid(
          location(origin(path)), fullPath(path),
          String.format("a number from %s to %s", min, max), describe(value));
    }
    return number;
  }

  /** A required duration, written as HOCON durations are ({@code 2 days}, {@code 36h}). */
  public Duration duration(String path) {
    ConfigValue value = value(path, ConfigValueType.STRING, "a duration like \"2 days\"");
    try {
      return config.getDuration(path);
    } catch (ConfigException e) {
      throw LakeErrors.configInvalid(
          location(origin(path)), fullPath(path), "a duration like \"2 days\"", describe(value));
    }
  }

  /** This object's own key path from the root of the file. */
  public String path() {
    return prefix;
  }

  /** "file:line" of this object. */
  public String location() {
    return location(home);
  }

  /**
   * A secret that must come from an environment variable ({@code password = ${?PG_PASSWORD}}),
   * never from a file or a command line in clear; errors name the key, never the value.
   */
  public Secret secret(String path) {
    if (!config.hasPathOrNull(path)) {
      throw LakeErrors.configMissing(location(origin(path)), fullPath(path), "a secret");
    }
    // The origin is checked before the type: a type error would print the value.
    ConfigValue value = config.getValue(path);
    if (!ENV_ORIGIN.equals(value.origin().description())) {
      throw LakeErrors.configInvalid(
          location(origin(path)),
          fullPath(path),
          "a value from an environment variable, e.g. " + path + " = ${?PG_PASSWORD}",
          "a value written in clear (not shown)");
    }
    return Secret.of(String.valueOf(value.unwrapped()));
  }

  /** A required boolean. */
  public boolean bool(String path) {
    return (Boolean) value(path, ConfigValueType.BOOLEAN, "true or false").unwrapped();
  }

  /** A required list of strings; {@code what} names the elements ("column names"). */
  public List<String> stringList(String path, String what) {
    String expected = "a list of " + what;
    ConfigValue list = value(path, ConfigValueType.LIST, expected);
    List<String> result = new ArrayList<>();
    for (ConfigValue element : config.getList(path)) {
      if (element.valueType() != ConfigValueType.STRING) {
        throw LakeErrors.configInvalid(
            location(element.origin()),
            fullPath(path),
            expected,
            "a list holding " + describe(element));
      }
      result.add((String) element.unwrapped());
    }
    if (result.stream().distinct().count() != result.size()) {
      throw LakeErrors.configInvalid(
          location(origin(path)), fullPath(path), expected + " without repeats", describe(list));
    }
    return List.copyOf(result);
  }

  /** A list of strings, empty when absent. */
  public List<String> optionalStringList(String path, String what) {
    return has(path) ? stringList(path, what) : List.of();
  }

  /**
   * A flat map of scalar values rendered as strings; keys may contain dots when quoted ({@code
   * "spark.sql.shuffle.partitions" = 8}) or nested ({@code spark.sql.shuffle.partitions = 8}).
   */
  public Map<String, String> stringMap(String path) {
    if (!has(path)) {
      return Map.of();
    }
    value(path, ConfigValueType.OBJECT, "an object of settings");
    Map<String, String> result = new LinkedHashMap<>();
    config.getConfig(path).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              ConfigValue value = entry.getValue();
              if (value.valueType() == ConfigValueType.LIST) {
                throw LakeErrors.configInvalid(
                    location(value.origin()),
                    fullPath(path + "." + entry.getKey()),
                    "a string, number or boolean",
                    describe(value));
              }
              String key = String.join(".", ConfigUtil.splitPath(entry.getKey()));
              result.put(key, String.valueOf(value.unwrapped()));
            });
    return result;
  }

  /** A stable digest of this subtree (keys sorted), for lineage and change checks. */
  public String digest() {
    return Digests.sha256(render());
  }

  /** This subtree, resolved and with defaults, as compact JSON with sorted keys. */
  public String render() {
    return config.root().render(ConfigRenderOptions.concise());
  }

  /** The full key of {@code path} as written from the root of the file. */
  public String fullPath(String path) {
    return prefix.isEmpty() ? path : prefix + "." + path;
  }

  /** "file:line" of where {@code path} (or, if absent, this object) was defined. */
  public String location(String path) {
    return location(origin(path));
  }

  private ConfigValue value(String path, ConfigValueType type, String expected) {
    if (!config.hasPathOrNull(path)) {
      throw LakeErrors.configMissing(location(origin(path)), fullPath(path), expected);
    }
    ConfigValue value = config.getValue(path);
    if (value.valueType() != type && !(type == ConfigValueType.STRING && isScalar(value))) {
      throw LakeErrors.configInvalid(
          location(origin(path)), fullPath(path), expected, describe(value));
    }
    if (type == ConfigValueType.STRING && value.valueType() != ConfigValueType.STRING) {
      return ConfigValueFactory.fromAnyRef(String.valueOf(value.unwrapped()))
          .withOrigin(value.origin());
    }
    return value;
  }

  private static boolean isScalar(ConfigValue value) {
    return value.valueType() == ConfigValueType.NUMBER
        || value.valueType() == ConfigValueType.BOOLEAN;
  }

  /**
   * Where {@code path} was declared; for a key only defaults supply, its nearest declared parent.
   */
  private ConfigOrigin origin(String path) {
    List<String> parts = ConfigUtil.splitPath(path);
    for (int size = parts.size(); size > 0; size--) {
      String candidate = ConfigUtil.joinPath(parts.subList(0, size));
      if (declared.hasPathOrNull(candidate)) {
        return declared.getValue(candidate).origin();
      }
    }
    return home;
  }

  private static String describe(ConfigValue value) {
    return value.valueType() + " " + value.render(ConfigRenderOptions.concise());
  }

  /** "file:line" relative to the working directory when the file is under it. */
  static String location(ConfigOrigin origin) {
    String file = origin.filename();
    String where;
    if (file != null) {
      Path path = Path.of(file).toAbsolutePath().normalize();
      where =
          path.startsWith(WORKING_DIR) ? WORKING_DIR.relativize(path).toString() : path.toString();
    } else {
      where = origin.description();
    }
    return origin.lineNumber() > 0 && file != null ? where + ":" + origin.lineNumber() : where;
  }
}
