package org.wuzhen.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.demo.DemoCommunity;
import org.wuzhen.demo.GovernanceDemo;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.Peer;
import org.wuzhen.governance.Authenticity;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceSettings;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.testing.TestNode;

/**
 * A real node as {@code serve --demo} runs it, for the console's tests: the demo community (three
 * members, ATT&CK for ICS, a disputed indicator with an opinion and a false-positive report, an
 * open proposal), its governance, a federation with one peer (never pulled) and the console, plus
 * an indicator whose every text is hostile, written by another member as a peer's would arrive.
 */
final class Community implements AutoCloseable {
  /** Texts that must render inert. */
  static final String SCRIPT = "<script>window.pwned=1</script>";

  static final String HANDLER = "<img src=x onerror=\"window.pwned=2\">";
  static final String JS_URL = "javascript:window.pwned=3";
  static final String HOSTILE_ID = "indicator--6f7e0d2a-0b6e-4c56-9d3e-1b2c3d4e5f60";
  static final String KNOWN_IP = "198.51.100.7";
  static final String KNOWN_IP_ID = "ipv4-addr--" + sco(KNOWN_IP);

  /** An indicator in the internal collection (bob may not read it) under an open dispute. */
  static final String CONTESTED_ID = "indicator--c0e7e57e-d000-4000-8000-000000000001";

  final TestNode node;
  private final Path keys;
  private final Clock governanceClock;
  DemoCommunity.Created demo;
  Governance governance;
  Federation federation;
  org.wuzhen.transparency.TransparencyLog log;
  CollectionInfo shared;

  Community(Path dir) {
    this(dir, Clock.systemUTC());
  }

  /** The community with its governance on {@code governanceClock} (to close proposals). */
  Community(Path dir, Clock governanceClock) {
    this.governanceClock = governanceClock;
    keys = dir.resolve(DemoCommunity.KEY_DIRECTORY);
    node =
        TestNode.sqlite(dir)
            .with(this::governance)
            .withoutStarting(this::federation)
            .with(
                store ->
                    log =
                        new org.wuzhen.transparency.TransparencyLog(
                            store,
                            org.wuzhen.transparency.Ed25519Keys.generate(),
                            Clock.systemUTC()))
            .with(
                store ->
                    new Console(
                        ConsoleSettings.DEFAULTS,
                        Optional.of(governance),
                        Optional.of(federation),
                        Optional.of(log),
                        Clock.systemUTC()))
            .start();
    seedHostile(node.store());
    seedSightingsAndADispute(node.store());
  }

  /**
   * Sightings of the last hours, signed by their members: in the shared collection the hostile
   * indicator 5 times (cert-nat) and the disputed one 2 times (isac-energy); in the internal
   * collection the disputed one 100 times (cert-nat), and an indicator of cert-nat that isac-energy
   * disagrees with (an open dispute).
   */
  private void seedSightingsAndADispute(Store store) {
    String cert = store.member("cert-nat").orElseThrow().identityId();
    String isac = store.member("isac-energy").orElseThrow().identityId();
    String t = org.wuzhen.stix.StixTimestamp.ofMillis(Instant.now()).text();
    CollectionId internal = demo.collections().get(2).id();
    store.add(
        shared.id(),
        List.of(
            signed("cert-nat", sighting(cert, HOSTILE_ID, 5, t)),
            signed("isac-energy", sighting(isac, GovernanceDemo.DISPUTED_INDICATOR, 2, t))));
    store.add(
        internal,
        List.of(
            signed("cert-nat", sighting(cert, GovernanceDemo.DISPUTED_INDICATOR, 100, t)),
            signed(
                "cert-nat",
                StixObject.parse(
                    """
                    {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
                    "created":"%s","modified":"%s","name":"Contested relay",\
                    "pattern":"[ipv4-addr:value = '203.0.113.77']","pattern_type":"stix",\
                    "valid_from":"%s"}"""
                        .formatted(CONTESTED_ID, cert, t, t, t))),
            signed(
                "isac-energy",
                StixObject.parse(
                    """
                    {"type":"opinion","spec_version":"2.1","id":"opinion--%s",\
                    "created_by_ref":"%s","created":"%s","modified":"%s","opinion":"disagree",\
                    "object_refs":["%s"]}"""
                        .formatted(java.util.UUID.randomUUID(), isac, t, t, CONTESTED_ID)))));
  }

  StixObject signed(String member, StixObject object) {
    return org.wuzhen.transparency.Signatures.sign(object, demo.keys().get(member));
  }

  private static StixObject sighting(String by, String of, int count, String t) {
    return StixObject.parse(
        """
        {"type":"sighting","spec_version":"2.1","id":"sighting--%s","created_by_ref":"%s",\
        "created":"%s","modified":"%s","sighting_of_ref":"%s","count":%d,"last_seen":"%s"}"""
            .formatted(java.util.UUID.randomUUID(), by, t, t, of, count, t));
  }

  private Governance governance(Store store) {
    demo = DemoCommunity.create(store, TestNode.CHEAP, keys);
    shared = demo.collections().getFirst();
    GovernanceSettings settings =
        CommunitySettings.defaults().settings(Authenticity.MEMBER_SIGNATURES, governanceClock);
    List<CharterMember> members =
        store.members().stream()
            .map(
                m ->
                    new CharterMember(
                        m.name(),
                        m.identityId(),
                        List.of(),
                        List.of(demo.keys().get(m.name()).getPublic())))
            .toList();
    governance =
        Governance.found(store, settings, () -> Charter.found(members, Map.of(), Instant.now()));
    GovernanceDemo.seed(store, governance, demo.keys());
    return governance;
  }

  /** The partner's collection this node pulls into the shared one (never pulled: no cursor). */
  static final String PARTNER_COLLECTION = "partner-indicators";

  private Federation federation(Store store) {
    if (store.member("partner").isEmpty()) {
      store.addMember(
          new org.wuzhen.store.Member("partner", "identity--" + java.util.UUID.randomUUID()));
    }
    Peer partner =
        new Peer(
            "partner",
            URI.create("http://127.0.0.1:9/api1/"),
            Credentials.basic("partner", "unused"),
            Map.of(PARTNER_COLLECTION, shared.id()),
            Set.of(shared.id()),
            Optional.of("partner"),
            Optional.empty(),
            Peer.DEFAULT_PAGE_SIZE,
            Duration.ofHours(1),
            Optional.empty());
    federation = Federation.create(store, ExportPolicy.DEFAULT, List.of(partner));
    return federation;
  }

  private void seedHostile(Store store) {
    String soc = store.member("corp-soc").orElseThrow().identityId();
    String t = "2026-01-02T03:04:05.000Z";
    store.add(
        shared.id(),
        List.of(
            StixObject.parse(
                """
                {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
                "created":"%s","modified":"%s","name":%s,"description":%s,\
                "pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix","valid_from":"%s",\
                "external_references":[{"source_name":"evil","url":"%s"},\
                {"source_name":"fine","url":"https://example.org/report"}]}"""
                    .formatted(
                        HOSTILE_ID, soc, t, t, json(SCRIPT), json(HANDLER), KNOWN_IP, t, JS_URL)),
            StixObject.parse(
                """
                {"type":"ipv4-addr","spec_version":"2.1","id":"%s","value":"%s"}"""
                    .formatted(KNOWN_IP_ID, KNOWN_IP))));
  }

  String password(String user) {
    return demo.credentials().stream()
        .filter(c -> c.user().equals(user))
        .findFirst()
        .orElseThrow()
        .password();
  }

  /** The member signing key file the demo wrote for a user's member. */
  Path keyFile(String user) {
    return demo.credentials().stream()
        .filter(c -> c.user().equals(user))
        .findFirst()
        .orElseThrow()
        .keyFile();
  }

  CollectionId sharedId() {
    return shared.id();
  }

  static String json(String text) {
    return org.wuzhen.stix.Json.write(new org.wuzhen.stix.JsonString(text));
  }

  private static String sco(String ip) {
    return org.wuzhen.stix.ScoIds.compute(
            org.wuzhen.stix.JsonObject.builder().put("type", "ipv4-addr").put("value", ip).build())
        .orElseThrow()
        .uuidText();
  }

  @Override
  public void close() {
    node.close();
  }
}
