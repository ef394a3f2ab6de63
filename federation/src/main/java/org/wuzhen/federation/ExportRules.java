package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

/**
 * The export rules that apply to one peer: the policy's defaults with that peer's overrides.
 *
 * @param relation what the peer is to this node; caps the TLP it may receive
 * @param collections the local collections whose objects may leave; empty = every collection
 * @param types the object types that may leave; empty = every type
 * @param maxTlp the most restrictive TLP that may leave (RED never does, whatever this says)
 * @param unmarkedTlp the TLP assumed for an object that carries no TLP marking
 * @param minConfidence objects below this confidence stay (0 = no minimum; when above 0 an object
 *     without confidence stays too)
 * @param onwardSharing whether objects created by others (not this node's members) may be passed on
 * @param withheldMarkings marking definitions whose objects never leave (e.g. a statement "do not
 *     re-share")
 */
public record ExportRules(
    Relation relation,
    Optional<Set<CollectionId>> collections,
    Optional<Set<String>> types,
    Tlp maxTlp,
    Tlp unmarkedTlp,
    int minConfidence,
    boolean onwardSharing,
    Set<String> withheldMarkings) {

  /** What applies when the policy says nothing: only CLEAR, only own objects, to external peers. */
  public static final ExportRules DEFAULTS =
      new ExportRules(
          Relation.EXTERNAL,
          Optional.empty(),
          Optional.empty(),
          Tlp.AMBER_STRICT,
          Tlp.AMBER,
          0,
          false,
          Set.of());

  static final Set<String> KEYS =
      Set.of(
          "relation",
          "collections",
          "types",
          "max_tlp",
          "unmarked_tlp",
          "min_confidence",
          "onward_sharing",
          "withheld_markings");

  public ExportRules {
    requireNonNull(relation, "relation");
    collections = collections.map(Set::copyOf);
    types = types.map(Set::copyOf);
    requireNonNull(maxTlp, "maxTlp");
    requireNonNull(unmarkedTlp, "unmarkedTlp");
    if (minConfidence < 0 || minConfidence > 100) {
      throw new IllegalArgumentException("minConfidence must be 0..100, was " + minConfidence);
    }
    withheldMarkings = Set.copyOf(withheldMarkings);
  }

  /** These rules with the settings given in {@code s} replacing ours. */
  ExportRules overriddenBy(Settings s) {
    s.allowOnly(KEYS);
    return new ExportRules(
        s.string("relation")
            .map(
                text ->
                    Relation.parse(text)
                        .orElseThrow(
                            () ->
                                new SettingException(
                                    s.name("relation"),
                                    "expected same-organisation, member, community or external,"
                                        + " found '"
                                        + text
                                        + "'")))
            .orElse(relation),
        s.has("collections") ? s.collections("collections") : collections,
        s.has("types") ? s.strings("types").map(Set::copyOf) : types,
        s.tlp("max_tlp").orElse(maxTlp),
        s.tlp("unmarked_tlp").orElse(unmarkedTlp),
        s.integer("min_confidence", 0, 100).map(Long::intValue).orElse(minConfidence),
        s.bool("onward_sharing").orElse(onwardSharing),
        s.strings("withheld_markings").map(Set::copyOf).orElse(withheldMarkings));
  }

  /**
   * The most restrictive TLP this peer may receive: our ceiling and its relation's, whichever is
   * lower.
   */
  public Tlp ceiling() {
    return maxTlp.isStricterThan(relation.highestTlp()) ? relation.highestTlp() : maxTlp;
  }
}
