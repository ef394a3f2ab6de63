package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

/**
 * A node's declared export policy: what may leave the node, for each peer. Immutable. {@link
 * #decide} names the rule that decided, so every decision can be explained. The rules are checked
 * in a fixed order (see docs/federation.md) and the first that withholds decides; an object leaves
 * only when none does. RED never leaves, whatever the policy says.
 */
public final class ExportPolicy {
  /** The policy of a node that declares none: only CLEAR objects of its own, to nobody closer. */
  public static final ExportPolicy DEFAULT =
      new ExportPolicy(ExportRules.DEFAULTS, Map.of(), OwnInfrastructure.NONE, Set.of());

  private final ExportRules defaults;
  private final Map<String, ExportRules> peers;
  private final OwnInfrastructure infrastructure;
  private final Set<String> ownIdentities;

  /**
   * @param peers each peer's complete rules (defaults already overridden), by peer name
   * @param ownIdentities the STIX identity ids of this node's members: objects they created are
   *     this node's own; others' objects are passed on only under {@code onward_sharing}
   */
  public ExportPolicy(
      ExportRules defaults,
      Map<String, ExportRules> peers,
      OwnInfrastructure infrastructure,
      Set<String> ownIdentities) {
    this.defaults = requireNonNull(defaults, "defaults");
    this.peers = Map.copyOf(peers);
    this.infrastructure = requireNonNull(infrastructure, "infrastructure");
    this.ownIdentities = Set.copyOf(ownIdentities);
  }

  /**
   * Reads the {@code export_policy} mapping of the node config: the default rules at top level,
   * {@code own_infrastructure}, and {@code peers} mapping each peer's name to its overrides.
   *
   * @param at the name of the mapping in the config, for errors (e.g. {@code export_policy})
   * @throws SettingException naming the first bad setting
   */
  public static ExportPolicy parse(JsonValue config, String at) {
    Settings s = Settings.of(config, at);
    Set<String> keys = new java.util.HashSet<>(ExportRules.KEYS);
    keys.add("own_infrastructure");
    keys.add("peers");
    s.allowOnly(keys);
    ExportRules defaults =
        ExportRules.DEFAULTS.overriddenBy(
            new Settings(withoutKeys(s.values(), List.of("own_infrastructure", "peers")), s.at()));
    OwnInfrastructure infrastructure =
        s.nested("own_infrastructure").map(OwnInfrastructure::parse).orElse(OwnInfrastructure.NONE);
    Map<String, ExportRules> peers = new LinkedHashMap<>();
    Optional<Settings> peerSettings = s.nested("peers");
    if (peerSettings.isPresent()) {
      JsonObject all = peerSettings.get().values();
      for (String name : all.names()) {
        Settings one = Settings.of(all.get(name).orElseThrow(), peerSettings.get().name(name));
        peers.put(name, defaults.overriddenBy(one));
      }
    }
    return new ExportPolicy(defaults, peers, infrastructure, Set.of());
  }

  private static JsonObject withoutKeys(JsonObject o, List<String> keys) {
    JsonObject out = o;
    for (String k : keys) {
      out = out.without(k);
    }
    return out;
  }

  /** This policy, knowing which identities are this node's own (its members' identities). */
  public ExportPolicy withOwnIdentities(Set<String> identities) {
    return new ExportPolicy(defaults, peers, infrastructure, identities);
  }

  /** This policy with one peer's rules replaced. */
  public ExportPolicy withPeerRules(String peer, ExportRules rules) {
    Map<String, ExportRules> copy = new LinkedHashMap<>(peers);
    copy.put(requireNonNull(peer, "peer"), requireNonNull(rules, "rules"));
    return new ExportPolicy(defaults, copy, infrastructure, ownIdentities);
  }

  /** This policy with other own infrastructure. */
  public ExportPolicy withInfrastructure(OwnInfrastructure other) {
    return new ExportPolicy(defaults, peers, other, ownIdentities);
  }

  /** The rules that apply to a peer: its own when the policy names it, else the defaults. */
  public ExportRules rulesFor(String peer) {
    return peers.getOrDefault(peer, defaults);
  }

  public OwnInfrastructure infrastructure() {
    return infrastructure;
  }

  public Set<String> ownIdentities() {
    return ownIdentities;
  }

  /** Decides whether one object of a local collection may leave for a peer. */
  public Decision decide(String peer, CollectionId collection, StixObject object) {
    ExportRules r = rulesFor(peer);
    Tlp tlp = tlpOf(object).orElse(r.unmarkedTlp());
    String tlpText = tlpOf(object).isPresent() ? tlp.label() : tlp.label() + " (unmarked)";
    if (tlp == Tlp.RED) {
      return Decision.withhold("tlp.red", "TLP:RED never leaves its node");
    }
    if (r.collections().isPresent() && !r.collections().get().contains(collection)) {
      return Decision.withhold(
          "collections", "collection " + collection + " is not exported to " + peer);
    }
    if (r.types().isPresent() && !r.types().get().contains(object.type())) {
      return Decision.withhold("types", "type " + object.type() + " is not exported to " + peer);
    }
    for (String marking : markingRefs(object)) {
      if (r.withheldMarkings().contains(marking)) {
        return Decision.withhold(
            "withheld_markings", "marked " + marking + ", which the policy keeps in this node");
      }
    }
    if (tlp.isStricterThan(r.maxTlp())) {
      return Decision.withhold(
          "max_tlp", tlpText + " is above the policy's max_tlp " + r.maxTlp().label());
    }
    if (tlp.isStricterThan(r.relation().highestTlp())) {
      return Decision.withhold(
          "tlp.relation",
          tlpText
              + " may go only to "
              + closestRelationFor(tlp)
              + " peers; "
              + peer
              + " is "
              + r.relation().text());
    }
    if (r.minConfidence() > 0) {
      Optional<Long> confidence = confidence(object);
      if (confidence.isEmpty()) {
        return Decision.withhold(
            "min_confidence", "no confidence, and min_confidence is " + r.minConfidence());
      }
      if (confidence.get() < r.minConfidence()) {
        return Decision.withhold(
            "min_confidence",
            "confidence " + confidence.get() + " is below min_confidence " + r.minConfidence());
      }
    }
    Optional<String> creator = object.createdByRef();
    if (creator.isPresent() && !ownIdentities.contains(creator.get())) {
      if (!r.onwardSharing()) {
        return Decision.withhold(
            "onward_sharing",
            "created by "
                + creator.get()
                + ", not by this node's members, and onward_sharing is off");
      }
      // FIRST TLP 2.0: AMBER is for the recipient's organisation; passing it on needs the source.
      if (tlp.isStricterThan(Tlp.GREEN)) {
        return Decision.withhold(
            "onward_sharing.amber",
            tlpText + " created by " + creator.get() + " is never passed on to other peers");
      }
    }
    Optional<String> own = infrastructure.concerned(object);
    if (own.isPresent()) {
      return Decision.withhold(
          "own_infrastructure", "names this node's own infrastructure: " + own.get());
    }
    return Decision.allow(tlpText + " may go to " + peer + " (" + r.relation().text() + ")");
  }

  private static String closestRelationFor(Tlp tlp) {
    for (Relation r : List.of(Relation.EXTERNAL, Relation.COMMUNITY, Relation.MEMBER)) {
      if (!tlp.isStricterThan(r.highestTlp())) {
        return r.text();
      }
    }
    return Relation.SAME_ORGANISATION.text();
  }

  /** The strictest TLP among object and granular markings; empty when none is a TLP marking. */
  static Optional<Tlp> tlpOf(StixObject object) {
    return Tlp.strictestOf(markingRefs(object));
  }

  private static List<String> markingRefs(StixObject object) {
    List<String> refs = new ArrayList<>(object.objectMarkingRefs());
    if (object.get("granular_markings").orElse(JsonArray.EMPTY) instanceof JsonArray granular) {
      for (JsonValue g : granular.elements()) {
        if (g instanceof JsonObject o) {
          o.string("marking_ref").ifPresent(refs::add);
        }
      }
    }
    return refs;
  }

  private static Optional<Long> confidence(StixObject object) {
    return object
        .get("confidence")
        .flatMap(v -> v instanceof JsonNumber n ? n.asLong() : Optional.empty());
  }
}
