package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.Peer;
import org.wuzhen.governance.Authenticity;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CharterRule;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceSettings;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.RuleValue;
import org.wuzhen.governance.Vote;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.testing.TestNode;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.Signatures;

/**
 * One community, two sovereign nodes: each member runs its own node, the nodes federate their
 * governance collections over TAXII, a proposal opened on one node is voted on both, each node
 * closes it by itself to the very same charter version, and the adopted rule binds publishing on
 * every node. Real servers on loopback, real stores, the real command line for proposing and
 * voting.
 */
class CommunityAcrossNodesTest {
  static final String PASSWORD = TestNode.PASSWORD;
  static final PasswordHasher CHEAP = TestNode.CHEAP;
  static final KeyPair ACME_KEY = Ed25519Keys.generate();
  static final KeyPair BETA_KEY = Ed25519Keys.generate();
  static final CharterMember ACME =
      new CharterMember(
          "acme",
          "identity--a0000000-0000-4000-8000-000000000001",
          List.of(),
          List.of(ACME_KEY.getPublic()));
  static final CharterMember BETA =
      new CharterMember(
          "beta",
          "identity--b0000000-0000-4000-8000-000000000002",
          List.of(),
          List.of(BETA_KEY.getPublic()));
  static final CollectionId GOVERNANCE = CollectionId.random();

  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  /** A clock the test moves: both nodes close proposals when it says the period is over. */
  static final class TestClock extends Clock {
    volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** One member's node: store, governance, federation (synced by hand) and TAXII server. */
  final class Node {
    final String name;
    final CharterMember member;
    final String user;
    final TestNode node;
    final Store store;
    final Governance governance;
    final Federation federation;
    final CollectionId shared = CollectionId.random();

    Node(String name, CharterMember member, Charter founding, TestClock clock) throws IOException {
      this.name = name;
      this.member = member;
      this.user = member.name() + "-analyst";
      node =
          TestNode.sqlite(Files.createDirectories(dir.resolve(name)))
              .config(TestNode.config("node " + name))
              .with(
                  s -> {
                    s.addMember(new Member(member.name(), member.identityId()));
                    s.addUser(new User(user, member.name(), CHEAP.hash(PASSWORD), false));
                    s.createCollection(
                        new CollectionInfo(
                            shared, "Shared", Optional.empty(), Optional.of("shared"), List.of()));
                    s.grant(new Permission(shared, Principal.member(member.name()), true, true));
                    return Governance.found(
                        s,
                        new GovernanceSettings(
                            GOVERNANCE, List.of(), Authenticity.MEMBER_SIGNATURES, clock),
                        founding);
                  })
              .withoutStarting(
                  s ->
                      Federation.create(
                          s,
                          ExportPolicy.parse(
                              Json.parse(
                                  "{\"unmarked_tlp\":\"green\",\"onward_sharing\":true,"
                                      + "\"peers\":{\"a\":{\"relation\":\"member\"},"
                                      + "\"b\":{\"relation\":\"member\"}}}"),
                              "export_policy"),
                          List.of()))
              .start();
      open.add(node);
      store = node.store();
      governance = node.part(Governance.class);
      federation = node.part(Federation.class);
      federation.withCommunityRules(governance::withholding);
    }

    URI apiRoot() {
      return node.apiRoot();
    }

    /** This node pulls the other's governance collection into its own, and lets it read its own. */
    void peerWith(Node other) {
      String login = "peer-" + other.name;
      store.addMember(new Member(login, "identity--" + UUID.randomUUID()));
      store.addUser(new User(login + "-user", login, CHEAP.hash(PASSWORD), false));
      federation.addPeer(
          new Peer(
              other.name,
              other.apiRoot(),
              Credentials.basic("peer-" + name + "-user", PASSWORD),
              Map.of(GOVERNANCE.toString(), GOVERNANCE),
              Set.of(GOVERNANCE),
              Optional.of(login),
              Optional.empty(),
              100,
              Duration.ofMillis(100)));
    }

    /** Runs a community command against this node as its member's analyst. */
    CliRun cli(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(
          List.of(
              "--url",
              node.uri().toString(),
              "--api-root",
              "api1",
              "--user",
              user,
              "--password",
              PASSWORD));
      return CliRun.of(all.toArray(String[]::new));
    }

    /** The status resource of a TAXII POST of one indicator with this confidence. */
    JsonObject publishIndicator(int confidence) throws Exception {
      String indicator =
          """
          {"type":"indicator","spec_version":"2.1","id":"indicator--%s",\
          "created_by_ref":"%s","created":"2026-01-01T00:00:00.000Z",\
          "modified":"2026-01-01T00:00:00.000Z","name":"c2","confidence":%d,\
          "pattern":"[ipv4-addr:value = '203.0.113.7']","pattern_type":"stix",\
          "valid_from":"2026-01-01T00:00:00Z"}"""
              .formatted(UUID.randomUUID(), member.identityId(), confidence);
      // The API root URL is the client's base, so its path below it is empty.
      return TaxiiClient.builder(apiRoot())
          .credentials(Credentials.basic(user, PASSWORD))
          .build()
          .addObjects("", shared.toString(), List.of((JsonObject) Json.parse(indicator)))
          .toJson();
    }

    String charterObjects() {
      return store.query(GOVERNANCE, ObjectQuery.latest(1000)).objects().stream()
          .filter(o -> o.type().equals("x-wuzhen-charter"))
          .map(o -> o.json().orElseThrow())
          .sorted()
          .toList()
          .toString();
    }
  }

  /** The member's private key in a file for the CLI's --key (public key beside it). */
  String keyFile(String member, KeyPair key) throws IOException {
    Path file = dir.resolve(member + ".key");
    if (!Files.exists(file)) {
      Ed25519Keys.writePrivate(file, key.getPrivate());
      Ed25519Keys.writePublic(dir.resolve(member + ".key.pub"), key.getPublic());
    }
    return file.toString();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aRuleAdoptedByVotesCastOnTwoNodesBindsPublishingOnBoth() throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    Charter founding =
        Charter.found(
            List.of(ACME, BETA),
            Map.of(CharterRule.VOTING_PERIOD_HOURS, new RuleValue.Whole(1)),
            start);
    TestClock clock = new TestClock(start.plusSeconds(30));
    Node a = new Node("a", ACME, founding, clock);
    Node b = new Node("b", BETA, founding, clock);
    a.peerWith(b);
    b.peerWith(a);
    assertThat(a.charterObjects()).isEqualTo(b.charterObjects());
    // Before the vote, the founding charter takes indicators of confidence 50.
    assertThat(Json.write(a.publishIndicator(50).get("success_count").orElseThrow()))
        .isEqualTo("1");

    Path patch = dir.resolve("patch.json");
    Files.writeString(patch, "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":80}]}");
    String acmeKey = keyFile("acme", ACME_KEY);
    String betaKey = keyFile("beta", BETA_KEY);
    CliRun propose =
        a.cli(
            "propose",
            "--patch",
            patch.toString(),
            "--title",
            "Only confident indicators",
            "--key",
            acmeKey);
    assertThat(propose.exitCode()).as(propose.err()).isZero();
    String proposal = propose.out().split(" ")[1];
    CliRun acmeVote = a.cli("vote", proposal, "yes", "--key", acmeKey);
    assertThat(acmeVote.exitCode()).as(acmeVote.err()).isZero();

    // The proposal reaches beta's node through federation; beta votes there.
    b.federation.syncOnce();
    CliRun betaVote = b.cli("vote", proposal, "yes", "--key", betaKey);
    assertThat(betaVote.exitCode()).as(betaVote.err()).isZero();
    a.federation.syncOnce();
    assertThat(a.cli("proposals", "list").out()).contains("yes 2 no 0");
    assertThat(b.cli("proposals", "list").out()).contains("yes 2 no 0");

    // A later "no" from beta, signed with a key no member registered, lands in beta's store
    // behind its write check (a compromised node); it reaches acme's node through federation and
    // is counted by neither.
    StixObject forged =
        Signatures.sign(
            GovernanceStix.voteObject(
                GovernanceStix.newId(GovernanceStix.VOTE),
                BETA.identityId(),
                proposal,
                Vote.Choice.NO,
                Instant.now().plusSeconds(1)),
            Ed25519Keys.generate());
    b.store.add(GOVERNANCE, List.of(forged));
    a.federation.syncOnce();
    for (Node n : List.of(a, b)) {
      assertThat(n.cli("proposals", "list").out()).as(n.name).contains("yes 2 no 0");
      assertThat(n.governance.proposal(proposal).orElseThrow().outcome().ignored())
          .as(n.name)
          .singleElement()
          .asString()
          .startsWith(forged.id() + ": not authentic");
    }

    // The consultation ends; each node closes it by itself, to the same charter version.
    clock.now = clock.now.plus(Duration.ofHours(2));
    assertThat(a.governance.closeDue())
        .singleElement()
        .satisfies(s -> assertThat(s.producedVersion()).hasValue(2));
    assertThat(b.governance.closeDue())
        .singleElement()
        .satisfies(s -> assertThat(s.producedVersion()).hasValue(2));
    a.federation.syncOnce();
    b.federation.syncOnce();
    assertThat(a.charterObjects()).isEqualTo(b.charterObjects()).contains("\"version\":2");

    // The adopted rule binds publishing on every node.
    for (Node n : List.of(a, b)) {
      JsonObject refused = n.publishIndicator(50);
      assertThat(Json.write(refused.get("failure_count").orElseThrow())).as(n.name).isEqualTo("1");
      assertThat(Json.write(refused)).as(n.name).contains("confidence");
      JsonObject accepted = n.publishIndicator(90);
      assertThat(Json.write(accepted.get("success_count").orElseThrow())).as(n.name).isEqualTo("1");
    }
  }
}
