package io.lakeml.pipeline;

import io.lakeml.config.ConfigReader;
import io.lakeml.errors.LakeErrors;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How a model's rows are split into training and test rows ({@code models.<name>.split}): at random
 * with a seed, or by time on the model's {@code event-time} column (the default when one is
 * declared) — training rows before {@code train-before}, test rows from {@code test-from}. Without
 * either bound, the latest {@code test-fraction} of the rows by time is the test set.
 *
 * @param kind random or time
 * @param testFraction the share of rows held out (random; time without bounds)
 * @param seed the seed of the split, the search and the estimators
 * @param timeColumn the event-time column, for a time split
 * @param trainBefore training rows are strictly before this time
 * @param testFrom test rows are at or after this time
 */
public record SplitSpec(
    Kind kind,
    double testFraction,
    long seed,
    Optional<String> timeColumn,
    Optional<LocalDateTime> trainBefore,
    Optional<LocalDateTime> testFrom) {

  /** The split kinds. */
  public enum Kind {
    RANDOM,
    TIME;

    @Override
    public String toString() {
      return ConfigReader.kebab(this);
    }
  }

  /** A seeded random split holding out {@code testFraction} of the rows. */
  public static SplitSpec random(double testFraction, long seed) {
    return new SplitSpec(
        Kind.RANDOM, testFraction, seed, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static SplitSpec from(ConfigReader model) {
    Optional<String> eventTime = model.optionalString("event-time");
    ConfigReader split = model.child("split");
    Kind kind =
        split.has("kind")
            ? split.enumValue("kind", Kind.class)
            : eventTime.isPresent() ? Kind.TIME : Kind.RANDOM;
    if (kind == Kind.TIME && eventTime.isEmpty()) {
      throw LakeErrors.configMissing(
          model.location(), model.fullPath("event-time"), "the event-time column of a time split");
    }
    Optional<LocalDateTime> trainBefore = time(split, "train-before");
    Optional<LocalDateTime> testFrom = time(split, "test-from");
    if (trainBefore.isPresent()
        && testFrom.isPresent()
        && testFrom.get().isBefore(trainBefore.get())) {
      throw LakeErrors.configInvalid(
          split.location("test-from"),
          split.fullPath("test-from"),
          "a time at or after train-before (" + trainBefore.get() + ")",
          testFrom.get().toString());
    }
    return new SplitSpec(
        kind,
        split.number("test-fraction", 0.01, 0.9),
        split.integer("seed", Integer.MIN_VALUE, Integer.MAX_VALUE),
        kind == Kind.TIME ? eventTime : Optional.empty(),
        trainBefore.or(() -> testFrom),
        testFrom.or(() -> trainBefore));
  }

  private static Optional<LocalDateTime> time(ConfigReader split, String path) {
    if (!split.has(path)) {
      return Optional.empty();
    }
    return Optional.of(
        split.parsed(
            path,
            "a date or time like 2001-06-01 or 2001-06-01T06:00",
            text -> {
              try {
                return text.length() <= 10
                    ? LocalDate.parse(text).atStartOfDay()
                    : LocalDateTime.parse(text.replace(' ', 'T'));
              } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not ISO-8601", e);
              }
            }));
  }
}
