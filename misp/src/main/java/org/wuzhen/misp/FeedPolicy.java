package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.wuzhen.federation.CommunityRules;
import org.wuzhen.federation.Decision;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.ExportRules;
import org.wuzhen.federation.Relation;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;

/**
 * What may enter a MISP feed. A MISP subscriber ignores an event's own distribution and applies its
 * feed setting to everything, so the feed reader is decided as a federation peer named {@link
 * #PRINCIPAL} (default rules: CLEAR and GREEN, unmarked as the policy says) and then the
 * community's rules; RED and AMBER+STRICT never enter a feed, whatever the policy says.
 */
public record FeedPolicy(ExportPolicy policy, CommunityRules community) {
  /** The export policy's peer name for every MISP feed reader ({@code wuzhen policy explain}). */
  public static final String PRINCIPAL = "misp-feed";

  public FeedPolicy {
    requireNonNull(policy, "policy");
    requireNonNull(community, "community");
  }

  /** The default policy for feeds: CLEAR and GREEN (COMMUNITY relation), no community rules. */
  public static FeedPolicy defaults() {
    return of(ExportPolicy.DEFAULT, CommunityRules.NONE);
  }

  /**
   * The node's policy for feed readers: the rules {@code export_policy.peers.misp-feed} gives, or,
   * when the config names no rules of its own for it, the policy's default rules with the {@code
   * community} relation (CLEAR and GREEN at most).
   */
  public static FeedPolicy of(ExportPolicy policy, CommunityRules community) {
    ExportRules rules = policy.rulesFor(PRINCIPAL);
    if (rules.equals(policy.rulesFor("\u0000 no such peer"))
        && rules.relation() == Relation.EXTERNAL) {
      policy =
          policy.withPeerRules(
              PRINCIPAL,
              new ExportRules(
                  Relation.COMMUNITY,
                  rules.collections(),
                  rules.types(),
                  rules.maxTlp(),
                  rules.unmarkedTlp(),
                  rules.minConfidence(),
                  rules.onwardSharing(),
                  rules.withheldMarkings()));
    }
    return new FeedPolicy(policy, community);
  }

  /**
   * Whether the latest version of an object in each collection holding it would enter a MISP feed,
   * and the rule that decided ({@code wuzhen policy explain --peer misp-feed}).
   */
  public java.util.Map<CollectionId, Decision> explain(ObjectStore store, String objectId) {
    java.util.Map<CollectionId, Decision> out = new java.util.LinkedHashMap<>();
    for (var c : store.collections()) {
      var found = store.query(c.id(), ObjectQuery.latestOf(objectId, true)).objects();
      if (!found.isEmpty() && found.getFirst().json().isPresent()) {
        out.put(c.id(), decide(c.id(), StixObject.parse(found.getFirst().json().get())));
      }
    }
    return out;
  }

  public Decision decide(CollectionId collection, StixObject object) {
    Optional<Tlp> tlp = Tlp.strictestOf(object.objectMarkingRefs());
    if (tlp.isPresent() && (tlp.get() == Tlp.RED || tlp.get() == Tlp.AMBER_STRICT)) {
      return new Decision(
          false,
          "misp_feed.tlp",
          tlp.get().label() + " never enters a MISP feed (subscribers redistribute)");
    }
    Decision d = policy.decide(PRINCIPAL, collection, object);
    if (!d.allowed()) {
      return d;
    }
    Optional<String> withheld = community.withholding(object);
    return withheld.isPresent() ? new Decision(false, "community", withheld.get()) : d;
  }
}
