package io.lakeml.ml;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a model version stands in its model's lifecycle: its alias, its status, since when it last
 * became champion, and why it stands there.
 *
 * @param alias {@code champion} or {@code challenger}; each alias names at most one version of a
 *     model
 * @param status the version's lifecycle status
 * @param championSince when it last became champion, if it ever did; orders rollbacks
 * @param decision why it got its alias or status, e.g. "beats v1: auc_roc 0.78 vs 0.75 on v2's 500
 *     test rows"
 */
public record Standing(
    Optional<Alias> alias, Status status, Optional<Instant> championSince, String decision) {
  /** A version just registered, before any promotion decision. */
  public static Standing registered() {
    return new Standing(Optional.empty(), Status.CANDIDATE, Optional.empty(), "registered");
  }

  /** The serving version: alias and status {@code champion}. */
  static Standing champion(Instant since, String decision) {
    return new Standing(Optional.of(Alias.CHAMPION), Status.CHAMPION, Optional.of(since), decision);
  }

  /** This standing without its alias, with {@code status} and {@code decision}. */
  Standing demoted(Status status, String decision) {
    return new Standing(Optional.empty(), status, championSince, decision);
  }

  /** Whether this version is the model's champion. */
  public boolean isChampion() {
    return alias.equals(Optional.of(Alias.CHAMPION));
  }

  /** A name for a version of a model, unique per model. */
  public enum Alias {
    /** The version {@code score} uses. */
    CHAMPION,
    /** The newest version that did not beat the champion; promote it explicitly to serve it. */
    CHALLENGER;

    /** The alias as stored and printed: {@code champion}, {@code challenger}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Alias parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  /** A version's lifecycle status. */
  public enum Status {
    /** Registered and never served (a challenger is a candidate too). */
    CANDIDATE,
    /** Serving now. */
    CHAMPION,
    /** Served before and was replaced by a newer champion; rollback can restore it. */
    ARCHIVED,
    /** Served before and was withdrawn by a rollback; rollback skips it. */
    ROLLED_BACK;

    /** The status as stored and printed: {@code candidate}, ..., {@code rolled-back}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Status parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
