package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.Signatures;

/**
 * A community whose charter requires member signatures, on a real node: forged votes (another
 * member's key, an unregistered key, altered after signing, replayed onto another proposal,
 * unsigned) are refused through TAXII with the reason, and not counted when they reach the store
 * another way; a key rotation adopted by vote retires the old key.
 */
class MemberSignaturesScenarioTest extends CommunityFixture {
  static final String P1 = "x-wuzhen-proposal--50000000-0000-4000-8000-000000000001";
  static final String P2 = "x-wuzhen-proposal--50000000-0000-4000-8000-000000000002";
  static final String RAISE = "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":50}]}";

  static final KeyPair ACME_KEY = Ed25519Keys.generate();
  static final KeyPair BETA_KEY = Ed25519Keys.generate();
  static final KeyPair GAMMA_KEY = Ed25519Keys.generate();
  static final KeyPair STRANGER_KEY = Ed25519Keys.generate();

  @Override
  List<CharterMember> founders() {
    return List.of(
        ACME.withKeys(List.of(ACME_KEY.getPublic())),
        BETA.withKeys(List.of(BETA_KEY.getPublic())),
        GAMMA.withKeys(List.of(GAMMA_KEY.getPublic())));
  }

  @Override
  Map<CharterRule, RuleValue> foundingRules() {
    return Map.of(CharterRule.VOTING_PERIOD_HOURS, new RuleValue.Whole(24));
  }

  @Override
  StixObject signedBy(CharterMember member, StixObject object) {
    return Signatures.sign(object, keyOf(member));
  }

  static KeyPair keyOf(CharterMember m) {
    return switch (m.name()) {
      case "acme" -> ACME_KEY;
      case "beta" -> BETA_KEY;
      default -> GAMMA_KEY;
    };
  }

  StixObject betaVote(String proposal, Vote.Choice choice) {
    return vote(BETA.identityId(), proposal, choice);
  }

  @Test
  void aVoteSignedWithTheMembersOwnKeyIsAcceptedAndCounted() {
    open(P1, ACME, "Raise", RAISE);
    assertThat(
            bob.publish(
                governanceCollection, Signatures.sign(betaVote(P1, Vote.Choice.YES), BETA_KEY)))
        .isEmpty();
    Outcome o = governance.proposal(P1).orElseThrow().outcome();
    assertThat(o.ballots()).containsEntry("beta", Vote.Choice.YES);
    assertThat(o.ignored()).isEmpty();
  }

  @Test
  void aVoteSignedWithAnotherMembersKeyIsRefused() {
    open(P1, ACME, "Raise", RAISE);
    assertThat(
            bob.publish(
                governanceCollection, Signatures.sign(betaVote(P1, Vote.Choice.YES), ACME_KEY)))
        .singleElement()
        .asString()
        .contains("not authentic", "created_by_ref is " + BETA.identityId(), ACME.identityId());
    assertThat(governance.proposal(P1).orElseThrow().outcome().voters()).isZero();
  }

  @Test
  void aVoteSignedWithAKeyNoMemberRegisteredIsRefused() {
    open(P1, ACME, "Raise", RAISE);
    assertThat(
            bob.publish(
                governanceCollection, Signatures.sign(betaVote(P1, Vote.Choice.YES), STRANGER_KEY)))
        .singleElement()
        .asString()
        .contains(
            "not authentic",
            Ed25519Keys.keyId(STRANGER_KEY.getPublic()),
            "charter v1 registers to no member");
  }

  @Test
  void aVoteAlteredAfterSigningIsRefused() {
    open(P1, ACME, "Raise", RAISE);
    StixObject signed = Signatures.sign(betaVote(P1, Vote.Choice.YES), BETA_KEY);
    StixObject altered = withVoteData(signed, "choice", "no");
    assertThat(bob.publish(governanceCollection, altered))
        .singleElement()
        .asString()
        .contains("not authentic", "does not match the object's content");
  }

  @Test
  void aSignatureReplayedOntoAVoteForAnotherProposalIsRefused() {
    open(P1, ACME, "Raise", RAISE);
    open(P2, ACME, "Lower", "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":10}]}");
    StixObject onP1 = Signatures.sign(betaVote(P1, Vote.Choice.YES), BETA_KEY);
    assertThat(bob.publish(governanceCollection, onP1)).isEmpty();
    // The same vote, signature and all, pointed at the other proposal.
    StixObject replayed = withVoteData(onP1, "proposal_ref", P2);
    assertThat(bob.publish(governanceCollection, replayed))
        .singleElement()
        .asString()
        .contains("not authentic", "does not match");
    assertThat(governance.proposal(P2).orElseThrow().outcome().voters()).isZero();
  }

  @Test
  void anUnsignedVoteIsRefusedWhenTheCharterRequiresSignatures() {
    open(P1, ACME, "Raise", RAISE);
    assertThat(bob.publish(governanceCollection, betaVote(P1, Vote.Choice.YES)))
        .singleElement()
        .asString()
        .contains("not authentic: unsigned, but charter v1 requires member signatures");
  }

  @Test
  void forgedVotesThatReachTheStoreWithoutTheWriteCheckAreNotCountedAndAreReported() {
    open(P1, ACME, "Raise", RAISE);
    // As if they came from a peer: straight into the store, bypassing this node's TAXII checks.
    StixObject byAcmeKey = Signatures.sign(betaVote(P1, Vote.Choice.NO), ACME_KEY);
    StixObject unsigned = vote(GAMMA.identityId(), P1, Vote.Choice.NO);
    store.add(governanceCollection, List.of(byAcmeKey, unsigned));
    votes(P1, Vote.Choice.YES);
    clock.advance(Duration.ofHours(24));
    Governance.ProposalStatus closed = governance.closeDue().getFirst();
    Outcome o = closed.outcome();
    assertThat(o.ballots()).containsOnlyKeys("acme");
    assertThat(o.no()).isZero();
    assertThat(o.ignored())
        .anySatisfy(r -> assertThat(r).startsWith(byAcmeKey.id() + ": not authentic"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(unsigned.id() + ": not authentic: unsigned")
                    .contains("requires member signatures"));
    JsonObject view = alice.get("wuzhen/proposals/" + P1 + "/");
    assertThat(view.array("ignored_votes").orElseThrow().elements()).hasSize(2);
  }

  @Test
  void aProposalThatIsNotAuthenticIsNeverAdopted() {
    StixObject forged = Signatures.sign(proposal(P1, ACME.identityId(), "Raise", RAISE), GAMMA_KEY);
    store.add(governanceCollection, List.of(forged));
    votes(P1, Vote.Choice.YES, Vote.Choice.YES, Vote.Choice.YES);
    clock.advance(Duration.ofHours(24));
    Outcome o = governance.closeDue().getFirst().outcome();
    assertThat(o.state()).isEqualTo(Outcome.State.REJECTED);
    assertThat(o.reasons()).last().asString().contains("the proposal itself is not authentic");
    assertThat(governance.charter().version()).isEqualTo(1);
  }

  @Test
  void aKeyRotationAdoptedByVoteRetiresTheOldKey() {
    KeyPair betaNew = Ed25519Keys.generate();
    open(
        P1,
        ACME,
        "Rotate beta's key",
        "{\"keys\":[{\"member\":\"beta\",\"public_keys\":[\""
            + Ed25519Keys.encodePublic(betaNew.getPublic())
            + "\"]}]}");
    votes(P1, Vote.Choice.YES, Vote.Choice.YES, Vote.Choice.YES);
    clock.advance(Duration.ofHours(24));
    governance.closeDue();
    Charter v2 = governance.charter();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.memberByName("beta").orElseThrow().publicKeys())
        .containsExactly(betaNew.getPublic());

    open(P2, ACME, "Raise", RAISE);
    assertThat(
            bob.publish(
                governanceCollection, Signatures.sign(betaVote(P2, Vote.Choice.YES), BETA_KEY)))
        .singleElement()
        .asString()
        .contains("not authentic", "charter v2 registers to no member");
    assertThat(
            bob.publish(
                governanceCollection, Signatures.sign(betaVote(P2, Vote.Choice.YES), betaNew)))
        .isEmpty();
    assertThat(governance.proposal(P2).orElseThrow().outcome().ballots())
        .containsEntry("beta", Vote.Choice.YES);
  }

  @Test
  void ordinaryObjectsMayBeSignedAndForgedSignaturesOnThemAreRefused() {
    String id = "indicator--50000000-0000-4000-8000-0000000000aa";
    StixObject indicator = Samples.indicator(id, ACME.identityId(), "198.51.100.9", 80, START);
    StixObject signed = Signatures.sign(indicator, ACME_KEY);
    assertThat(alice.publish(shared, signed)).isEmpty();

    StixObject later =
        Samples.indicator(id, ACME.identityId(), "198.51.100.9", 90, START.plusSeconds(60));
    assertThat(alice.publish(shared, Signatures.sign(later, STRANGER_KEY)))
        .singleElement()
        .asString()
        .contains("signed with key " + Ed25519Keys.keyId(STRANGER_KEY.getPublic()));
    StixObject tampered =
        StixObject.from(
            Signatures.sign(later, ACME_KEY).json().with("confidence", JsonNumber.of(99)));
    assertThat(alice.publish(shared, tampered))
        .singleElement()
        .asString()
        .contains("invalid member signature");
    // Unsigned intelligence is still welcome; the view says it is unsigned.
    assertThat(alice.publish(shared, later)).isEmpty();

    List<JsonValue> signatures =
        alice
            .get("wuzhen/objects/" + id + "/")
            .array("signatures")
            .map(JsonArray::elements)
            .orElseThrow();
    assertThat(signatures).hasSize(2);
    JsonObject first = (JsonObject) signatures.get(0);
    JsonObject second = (JsonObject) signatures.get(1);
    assertThat(first.string("result")).hasValue("valid");
    assertThat(first.string("member")).hasValue("acme");
    assertThat(first.string("key_id")).hasValue(Ed25519Keys.keyId(ACME_KEY.getPublic()));
    assertThat(second.string("result")).hasValue("unsigned");
  }

  @Test
  void aForgedFalsePositiveReportDoesNotCountButTheMembersOwnDoes() {
    String id = "indicator--50000000-0000-4000-8000-0000000000bb";
    StixObject ind =
        Signatures.sign(
            Samples.indicator(id, ACME.identityId(), "203.0.113.5", 80, START), ACME_KEY);
    assertThat(alice.publish(shared, ind)).isEmpty();
    // "Gamma owns this address", signed with beta's key, straight into the store.
    List<StixObject> forged =
        GovernanceStix.falsePositiveReport(GAMMA.identityId(), id, "ours", clock.instant()).stream()
            .map(o -> Signatures.sign(o, BETA_KEY))
            .toList();
    store.add(shared, forged);
    assertThat(governance.dialogue(id).opinions()).isEmpty();
    assertThat(governance.excludedFromDetection(ind)).isFalse();

    clock.advance(Duration.ofMinutes(1));
    List<StixObject> genuine =
        GovernanceStix.falsePositiveReport(GAMMA.identityId(), id, "ours", clock.instant()).stream()
            .map(o -> Signatures.sign(o, GAMMA_KEY))
            .toList();
    assertThat(carol.publish(shared, genuine.toArray(StixObject[]::new))).isEmpty();
    assertThat(
            alice.get("wuzhen/objects/" + id + "/").object("dispute").orElseThrow().string("state"))
        .hasValue("upheld");
    assertThat(governance.excludedFromDetection(ind)).isTrue();
  }

  /** The vote with one property of its governance data replaced, everything else kept. */
  static StixObject withVoteData(StixObject vote, String name, String value) {
    JsonObject extensions = vote.json().object("extensions").orElseThrow();
    JsonObject data =
        extensions
            .object(GovernanceStix.EXTENSION_ID)
            .orElseThrow()
            .with(name, new JsonString(value));
    return StixObject.from(
        vote.json().with("extensions", extensions.with(GovernanceStix.EXTENSION_ID, data)));
  }
}
