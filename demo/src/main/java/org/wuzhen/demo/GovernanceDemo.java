package org.wuzhen.demo;

import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.wuzhen.governance.CharterPatch;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.Vote;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Store;
import org.wuzhen.transparency.Signatures;

/**
 * The governance part of the demo community: an indicator two members dispute (one files a
 * false-positive report), sightings of it and of a second indicator by every member over the last
 * day, and an open proposal to raise the minimum confidence with two votes.
 */
public final class GovernanceDemo {
  /** The disputed indicator (fixed, so the demo's instructions can name it). */
  public static final String DISPUTED_INDICATOR = "indicator--0d15b07e-de30-4a11-8c2e-5b1a7e0c0de1";

  private GovernanceDemo() {}

  /** Seeds the demo; every object a member makes is signed with that member's key. */
  public static void seed(Store store, Governance governance, Map<String, KeyPair> keys) {
    List<Member> members = store.members();
    if (members.size() < 3) {
      return;
    }
    String cert = identity(members, "cert-nat", 0);
    String isac = identity(members, "isac-energy", 1);
    String soc = identity(members, "corp-soc", 2);
    Map<String, KeyPair> byIdentity = new HashMap<>();
    for (Member m : members) {
      Optional.ofNullable(keys.get(m.name())).ifPresent(k -> byIdentity.put(m.identityId(), k));
    }
    UnaryOperator<StixObject> sign =
        o -> o.createdByRef().map(byIdentity::get).map(k -> Signatures.sign(o, k)).orElse(o);
    Instant now = governance.settings().clock().instant();
    String t = StixTimestamp.ofMillis(now).text();
    CollectionInfo shared =
        store.collections().stream()
            .filter(c -> c.alias().filter("shared"::equals).isPresent())
            .findFirst()
            .orElseThrow();
    String indicator = DISPUTED_INDICATOR;
    store.add(
        shared.id(),
        Stream.of(
                StixObject.parse(
                    """
                {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
                "created":"%s","modified":"%s","name":"Suspected C2 server",\
                "pattern":"[ipv4-addr:value = '203.0.113.66']","pattern_type":"stix",\
                "valid_from":"%s","confidence":70}"""
                        .formatted(indicator, cert, t, t, t)),
                opinion(isac, indicator, t))
            .map(sign)
            .toList());
    store.add(
        shared.id(),
        GovernanceStix.falsePositiveReport(
                soc, indicator, "203.0.113.66 is our outbound mail relay", now)
            .stream()
            .map(sign)
            .toList());

    store.add(shared.id(), sightings(cert, isac, soc, now).stream().map(sign).toList());

    String proposal = GovernanceStix.newId(GovernanceStix.PROPOSAL);
    CharterPatch patch =
        CharterPatch.parse(
            Json.parse("{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":60}]}"));
    store.add(
        governance.settings().collection(),
        Stream.of(
                GovernanceStix.proposalObject(
                    proposal,
                    cert,
                    "Raise the minimum confidence to 60",
                    Optional.of("Low-confidence indicators caused false positives last month."),
                    patch,
                    governance.charter(),
                    now),
                GovernanceStix.voteObject(
                    GovernanceStix.newId(GovernanceStix.VOTE),
                    cert,
                    proposal,
                    Vote.Choice.YES,
                    now),
                GovernanceStix.voteObject(
                    GovernanceStix.newId(GovernanceStix.VOTE), isac, proposal, Vote.Choice.NO, now))
            .map(sign)
            .toList());
  }

  /** A second indicator (by isac-energy), sighted with no dispute. */
  public static final String SCANNER_INDICATOR = "indicator--5ca77e2d-0b1e-4d5a-9c3e-7e57ab1e0001";

  /**
   * The scanner indicator and sightings of it and of the disputed indicator by the three members,
   * one every two hours over the last 24 hours, so that the most-sighted list, the sightings charts
   * and the detection sources show something.
   */
  private static List<StixObject> sightings(String cert, String isac, String soc, Instant now) {
    String t = StixTimestamp.ofMillis(now).text();
    List<StixObject> out = new java.util.ArrayList<>();
    out.add(
        StixObject.parse(
            """
            {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
            "created":"%s","modified":"%s","name":"SSH scanner","confidence":80,\
            "pattern":"[ipv4-addr:value = '198.51.100.23']","pattern_type":"stix",\
            "valid_from":"%s"}"""
                .formatted(SCANNER_INDICATOR, isac, t, t, t)));
    List<String> sighters = List.of(cert, isac, soc);
    for (int i = 0; i < 12; i++) {
      String by = sighters.get(i % 3);
      String of = i % 2 == 0 ? SCANNER_INDICATOR : DISPUTED_INDICATOR;
      Instant first = now.minus(java.time.Duration.ofHours(2L * i + 1));
      String seen = StixTimestamp.ofMillis(first).text();
      String last = StixTimestamp.ofMillis(first.plus(java.time.Duration.ofMinutes(50))).text();
      out.add(
          StixObject.parse(
              """
              {"type":"sighting","spec_version":"2.1","id":"sighting--%s","created_by_ref":"%s",\
              "created":"%s","modified":"%s","first_seen":"%s","last_seen":"%s","count":%d,\
              "sighting_of_ref":"%s","where_sighted_refs":["%s"]}"""
                  .formatted(UUID.randomUUID(), by, t, t, seen, last, 3 + 7 * i % 11, of, by)));
    }
    return out;
  }

  private static String identity(List<Member> members, String name, int otherwise) {
    return members.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElse(members.get(otherwise))
        .identityId();
  }

  private static StixObject opinion(String by, String about, String t) {
    return StixObject.parse(
        """
        {"type":"opinion","spec_version":"2.1","id":"opinion--%s","created_by_ref":"%s",\
        "created":"%s","modified":"%s","opinion":"strongly-disagree","object_refs":["%s"]}"""
            .formatted(UUID.randomUUID(), by, t, t, about));
  }
}
