package io.lakeml.ml;

import io.lakeml.errors.LakeErrors;
import io.lakeml.ml.Standing.Alias;
import io.lakeml.ml.Standing.Status;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle rules, as pure functions from a model's versions to the standings that change. The
 * registry commits each result in one Delta MERGE, so at every Delta version of the registry a
 * model has at most one champion and at most one challenger.
 */
final class Standings {
  private Standings() {}

  /**
   * {@code version} becomes champion; the current champion, if another, is archived. No change when
   * it already is champion.
   */
  static Map<Integer, Standing> promote(
      List<ModelVersion> versions, int version, Instant now, String decision) {
    ModelVersion target = find(versions, version);
    Map<Integer, Standing> changes = new LinkedHashMap<>();
    if (target.standing().isChampion()) {
      return changes;
    }
    champion(versions)
        .ifPresent(
            current ->
                changes.put(
                    current.version(),
                    current
                        .standing()
                        .demoted(Status.ARCHIVED, "replaced by v" + version + ": " + decision)));
    changes.put(version, Standing.champion(now, decision));
    return changes;
  }

  /**
   * {@code version}, which did not beat the champion, becomes the challenger; the previous
   * challenger keeps its status and loses the alias.
   */
  static Map<Integer, Standing> challenge(
      List<ModelVersion> versions, int version, String decision) {
    ModelVersion target = find(versions, version);
    Map<Integer, Standing> changes = new LinkedHashMap<>();
    for (ModelVersion other : versions) {
      if (other.version() != version
          && other.standing().alias().equals(Optional.of(Alias.CHALLENGER))) {
        changes.put(
            other.version(),
            new Standing(
                Optional.empty(),
                other.standing().status(),
                other.standing().championSince(),
                other.standing().decision()));
      }
    }
    changes.put(
        version,
        new Standing(
            Optional.of(Alias.CHALLENGER),
            target.standing().status(),
            target.standing().championSince(),
            decision));
    return changes;
  }

  /**
   * The champion is withdrawn ({@code rolled-back}) and the archived version that was champion most
   * recently becomes champion again; repeated rollbacks walk back through former champions.
   */
  static Map<Integer, Standing> rollback(List<ModelVersion> versions, String model, Instant now) {
    ModelVersion current =
        champion(versions).orElseThrow(() -> LakeErrors.noChampion(model, "roll back"));
    ModelVersion previous =
        versions.stream()
            .filter(candidate -> candidate.standing().status() == Status.ARCHIVED)
            .filter(candidate -> candidate.standing().championSince().isPresent())
            .max(Comparator.comparing(candidate -> candidate.standing().championSince().get()))
            .orElseThrow(() -> LakeErrors.noFormerChampion(model, current.version()));
    Map<Integer, Standing> changes = new LinkedHashMap<>();
    changes.put(
        current.version(),
        current.standing().demoted(Status.ROLLED_BACK, "rolled back to v" + previous.version()));
    changes.put(
        previous.version(),
        Standing.champion(now, "restored by rollback from v" + current.version()));
    return changes;
  }

  /** The model's champion, if it has one. */
  static Optional<ModelVersion> champion(List<ModelVersion> versions) {
    return versions.stream().filter(version -> version.standing().isChampion()).findFirst();
  }

  private static ModelVersion find(List<ModelVersion> versions, int version) {
    return versions.stream()
        .filter(candidate -> candidate.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                LakeErrors.versionNotFound(
                    versions.get(0).model(),
                    version,
                    versions.stream().map(ModelVersion::version).toList()));
  }
}
