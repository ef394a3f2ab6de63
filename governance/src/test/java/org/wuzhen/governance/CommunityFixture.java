package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.testing.TestNode;

/**
 * A real node for scenario tests ({@link TestNode} with the community's governance): SQLite in a
 * temporary directory unless a subclass says otherwise, four member organisations of which three
 * found the community (gamma owns 203.0.113.0/24; delta is outside), and a clock the test moves.
 */
abstract class CommunityFixture {
  static final String PASSWORD = TestNode.PASSWORD;
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  static final CharterMember ACME =
      new CharterMember("acme", "identity--a0000000-0000-4000-8000-000000000001");
  static final CharterMember BETA =
      new CharterMember("beta", "identity--b0000000-0000-4000-8000-000000000002");
  static final CharterMember GAMMA =
      new CharterMember(
          "gamma",
          "identity--c0000000-0000-4000-8000-000000000003",
          List.of(IpNetwork.parse("203.0.113.0/24").orElseThrow()));
  static final String DELTA = "identity--d0000000-0000-4000-8000-000000000004";

  @TempDir Path dir;
  MutableClock clock;
  Store store;
  Governance governance;
  TestNode node;
  CollectionId shared;
  CollectionId governanceCollection;
  Client alice;
  Client bob;
  Client carol;
  Client dave;

  /** The store under test: SQLite in a temporary directory unless a subclass says otherwise. */
  Store openStore() {
    return Stores.open(new StoreConfig.Sqlite(dir));
  }

  /** The signature check: the real one unless a subclass says otherwise. */
  Authenticity authenticity() {
    return Authenticity.MEMBER_SIGNATURES;
  }

  /** The founding members (acme, beta, gamma); a subclass may give them keys. */
  List<CharterMember> founders() {
    return List.of(ACME, BETA, GAMMA);
  }

  /** Founding rules: unsigned objects pass here; signature tests require signatures. */
  Map<CharterRule, RuleValue> foundingRules() {
    return Map.of(
        CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice("optional"),
        CharterRule.VOTING_PERIOD_HOURS, new RuleValue.Whole(24));
  }

  /** What the member publishes, as it leaves the member: unsigned unless a subclass signs. */
  StixObject signedBy(CharterMember member, StixObject object) {
    return object;
  }

  @BeforeEach
  void startNode() {
    clock = new MutableClock(START);
    shared = CollectionId.random();
    governanceCollection = CollectionId.random();
    node =
        TestNode.on(this::openStore)
            .config(TestNode.config("governance test"))
            .with(this::foundCommunity)
            .start();
    store = node.store();
    governance = node.part(Governance.class);
    alice = new Client(node.uri(), "alice", PASSWORD);
    bob = new Client(node.uri(), "bob", PASSWORD);
    carol = new Client(node.uri(), "carol", PASSWORD);
    dave = new Client(node.uri(), "dave", PASSWORD);
  }

  /** The four members with their users and the shared collection, then the community. */
  private Governance foundCommunity(Store store) {
    store.createCollection(
        new CollectionInfo(shared, "Shared", Optional.empty(), Optional.empty(), List.of()));
    String[][] people = {
      {"acme", ACME.identityId(), "alice"},
      {"beta", BETA.identityId(), "bob"},
      {"gamma", GAMMA.identityId(), "carol"},
      {"delta", DELTA, "dave"}
    };
    for (String[] p : people) {
      store.addMember(new Member(p[0], p[1]));
      store.addUser(new User(p[2], p[0], TestNode.CHEAP.hash(PASSWORD), false));
      store.grant(new Permission(shared, Principal.member(p[0]), true, true));
    }
    return Governance.found(
        store,
        new GovernanceSettings(governanceCollection, List.of(), authenticity(), clock),
        Charter.found(founders(), foundingRules(), START));
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  StixObject proposal(String id, String by, String title, String patchJson) {
    return GovernanceStix.proposalObject(
        id,
        by,
        title,
        Optional.empty(),
        CharterPatch.parse(org.wuzhen.stix.Json.parse(patchJson)),
        governance.charter(),
        clock.instant());
  }

  StixObject vote(String by, String proposalId, Vote.Choice choice) {
    return GovernanceStix.voteObject(
        GovernanceStix.newId(GovernanceStix.VOTE), by, proposalId, choice, clock.instant());
  }

  Client clientOf(CharterMember m) {
    return switch (m.name()) {
      case "acme" -> alice;
      case "beta" -> bob;
      default -> carol;
    };
  }

  /** The member opens a proposal through TAXII; asserts the node accepted it. */
  void open(String id, CharterMember by, String title, String patchJson) {
    assertThat(
            clientOf(by)
                .publish(
                    governanceCollection,
                    signedBy(by, proposal(id, by.identityId(), title, patchJson))))
        .isEmpty();
  }

  /** Acme, beta and gamma (as many as choices are given) vote; asserts each vote was accepted. */
  void votes(String proposalId, Vote.Choice... acmeBetaGamma) {
    List<CharterMember> voters = founders();
    for (int i = 0; i < acmeBetaGamma.length; i++) {
      CharterMember m = voters.get(i);
      assertThat(
              clientOf(m)
                  .publish(
                      governanceCollection,
                      signedBy(m, vote(m.identityId(), proposalId, acmeBetaGamma[i]))))
          .isEmpty();
    }
  }
}
