package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.wuzhen.stix.CanonicalJson;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.Signatures;

/**
 * {@link Authenticity#MEMBER_SIGNATURES} against a charter, without a node: what required and
 * optional mean, keys in the charter, and that no single-byte change to a signed vote survives.
 */
class MemberSignaturesTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final KeyPair ACME_KEY = Ed25519Keys.generate();
  static final KeyPair BETA_KEY = Ed25519Keys.generate();
  static final CharterMember ACME = CommunityFixture.ACME.withKeys(List.of(ACME_KEY.getPublic()));
  static final CharterMember BETA = CommunityFixture.BETA;
  static final String PROPOSAL = "x-wuzhen-proposal--60000000-0000-4000-8000-000000000001";

  static Charter charter(String signatures, CharterMember... members) {
    return Charter.found(
        List.of(members),
        Map.of(CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice(signatures)),
        T0);
  }

  static StixObject vote(CharterMember by, Vote.Choice choice) {
    return GovernanceStix.voteObject(
        "x-wuzhen-vote--60000000-0000-4000-8000-000000000002",
        by.identityId(),
        PROPOSAL,
        choice,
        T0.plusSeconds(10));
  }

  static Authenticity.Verdict verify(StixObject o, Charter c) {
    return Authenticity.MEMBER_SIGNATURES.verify(o, o.createdByRef(), c);
  }

  @Test
  void optionalLetsAMemberWithoutAKeyPublishUnsignedButNotAMemberWithOne() {
    Charter c = charter("optional", ACME, BETA);
    assertThat(verify(vote(BETA, Vote.Choice.YES), c)).isEqualTo(Authenticity.Verdict.AUTHENTIC);
    assertThat(verify(vote(ACME, Vote.Choice.YES), c))
        .isEqualTo(
            new Authenticity.Verdict.Refused(
                "unsigned, but acme has a key under charter v1 and must sign"));
    assertThat(verify(Signatures.sign(vote(ACME, Vote.Choice.YES), ACME_KEY), c))
        .isEqualTo(Authenticity.Verdict.AUTHENTIC);
  }

  @Test
  void optionalStillRefusesABadSignature() {
    Charter c = charter("optional", ACME, BETA);
    StixObject forged = Signatures.sign(vote(BETA, Vote.Choice.YES), BETA_KEY);
    assertThat(verify(forged, c))
        .isInstanceOfSatisfying(
            Authenticity.Verdict.Refused.class,
            r -> assertThat(r.reason()).contains("registers to no member"));
  }

  @Test
  void requiredCharterNeedsAKeyForEveryMember() {
    assertThatThrownBy(() -> charter("required", ACME, BETA))
        .isInstanceOf(GovernanceException.class)
        .hasMessageContaining("'beta' has no public_keys, but member_signatures is required");
  }

  @Test
  void aKeyBelongsToOneMember() {
    CharterMember twin = BETA.withKeys(List.of(ACME_KEY.getPublic()));
    assertThatThrownBy(() -> charter("optional", ACME, twin))
        .hasMessageContaining("'beta' lists public key " + Ed25519Keys.keyId(ACME_KEY.getPublic()))
        .hasMessageContaining("already registered to 'acme'");
  }

  @Test
  void memberKeysAreCheckedWhereTheyAreRead() {
    String bad =
        "{\"name\":\"x\",\"identity_ref\":\""
            + BETA.identityId()
            + "\",\"public_keys\":[\"bm90IGEga2V5\"]}";
    assertThatThrownBy(() -> CharterMember.parse(Json.parse(bad), "members[3]"))
        .hasMessageContaining("members[3].public_keys[0]: not a base64 Ed25519 public key");
    String twice =
        "{\"keys\":[{\"member\":\"acme\",\"public_keys\":[\"%s\",\"%s\"]}]}"
            .formatted(
                Ed25519Keys.encodePublic(ACME_KEY.getPublic()),
                Ed25519Keys.encodePublic(ACME_KEY.getPublic()));
    assertThatThrownBy(() -> CharterPatch.parse(Json.parse(twice)))
        .hasMessageContaining("keys[0].public_keys[1]: key")
        .hasMessageContaining("listed twice");
    assertThatThrownBy(
            () ->
                charter("required", ACME)
                    .check(
                        CharterPatch.parse(
                            Json.parse("{\"keys\":[{\"member\":\"acme\",\"public_keys\":[]}]}"))))
        .hasMessageContaining("'acme' has no public_keys");
    assertThatThrownBy(
            () ->
                charter("optional", ACME)
                    .check(
                        CharterPatch.parse(
                            Json.parse("{\"keys\":[{\"member\":\"zed\",\"public_keys\":[]}]}"))))
        .hasMessageContaining("keys[0].member: 'zed' is not a member");
  }

  @Test
  void anAdmittedMemberBringsItsKeyWhereSignaturesAreRequired() {
    Charter c = charter("required", ACME);
    String keyless = "{\"admit\":[{\"name\":\"beta\",\"identity_ref\":\"%s\"}]}";
    assertThatThrownBy(
            () -> c.check(CharterPatch.parse(Json.parse(keyless.formatted(BETA.identityId())))))
        .hasMessageContaining("'beta' has no public_keys");
    String keyed =
        "{\"admit\":[{\"name\":\"beta\",\"identity_ref\":\"%s\",\"public_keys\":[\"%s\"]}]}"
            .formatted(BETA.identityId(), Ed25519Keys.encodePublic(BETA_KEY.getPublic()));
    Charter next = c.apply(CharterPatch.parse(Json.parse(keyed)), T0.plusSeconds(60), PROPOSAL);
    assertThat(next.memberKeys().byKeyId(Ed25519Keys.keyId(BETA_KEY.getPublic())))
        .hasValueSatisfying(k -> assertThat(k.memberIdentityId()).isEqualTo(BETA.identityId()));
  }

  @Test
  void onlyEd25519KeysAreMemberKeys() throws Exception {
    java.security.PublicKey ed448 =
        java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();
    assertThatThrownBy(() -> BETA.withKeys(List.of(ed448)))
        .hasMessageContaining("member beta: public_keys[0]: not an Ed25519 key");
    String json =
        "{\"name\":\"x\",\"identity_ref\":\"%s\",\"public_keys\":[\"%s\"]}"
            .formatted(
                BETA.identityId(),
                java.util.Base64.getEncoder().encodeToString(ed448.getEncoded()));
    assertThatThrownBy(() -> CharterMember.parse(Json.parse(json), "admit[0]"))
        .hasMessageContaining("admit[0].public_keys[0]: not a base64 Ed25519 public key");
  }

  @Test
  void keysSurviveTheCharterObject() {
    Charter c = charter("required", ACME);
    Charter back = GovernanceStix.charter(GovernanceStix.charterObject(c));
    assertThat(back).isEqualTo(c);
    assertThat(back.memberByName("acme").orElseThrow().publicKeys())
        .containsExactly(ACME_KEY.getPublic());
  }

  @Test
  void aSignatureTextWithChangedUnusedBitsIsRefused() {
    StixObject signed = Signatures.sign(vote(ACME, Vote.Choice.YES), ACME_KEY);
    JsonObject ext =
        signed
            .json()
            .object("extensions")
            .orElseThrow()
            .object(Signatures.EXTENSION_ID)
            .orElseThrow();
    String text = ext.string("signature").orElseThrow();
    // 64 bytes end in "X==": X carries 2 bits of the signature and 4 unused bits.
    char last = text.charAt(text.length() - 3);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char twin = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String changed = text.substring(0, text.length() - 3) + twin + "==";
    JsonObject extensions =
        signed
            .json()
            .object("extensions")
            .orElseThrow()
            .with(
                Signatures.EXTENSION_ID,
                ext.with("signature", new org.wuzhen.stix.JsonString(changed)));
    StixObject malleated = StixObject.from(signed.json().with("extensions", extensions));
    assertThat(verify(malleated, charter("required", ACME)))
        .isEqualTo(
            new Authenticity.Verdict.Refused("invalid signature: signature: not canonical base64"));
  }

  /**
   * Any position in the signed vote's canonical JSON and any byte put there. A change that is no
   * vote any more is refused where votes are read, and one that parses to the very same JSON value
   * changes nothing: the generator skips both (up to 100 draws per example), so each of the 400
   * examples is a changed vote that must be refused by its signature.
   */
  @Test
  void anySingleByteChangeToASignedVoteIsRefused() {
    Charter c = charter("required", ACME);
    StixObject signed = Signatures.sign(vote(ACME, Vote.Choice.YES), ACME_KEY);
    byte[] canonical = CanonicalJson.writeBytes(signed.json());
    qt().withExamples(400)
        .withGenerateAttempts(100)
        .forAll(
            integers().between(0, 100_000),
            Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .assuming(
            (position, replacement) -> changedVote(canonical, position, replacement).isPresent())
        .checkAssert(
            (position, replacement) -> {
              StixObject changed = changedVote(canonical, position, replacement).orElseThrow();
              Vote v = GovernanceStix.vote(changed);
              assertThat(
                      Authenticity.MEMBER_SIGNATURES.verify(changed, Optional.of(v.voterRef()), c))
                  .isInstanceOf(Authenticity.Verdict.Refused.class);
            });
  }

  /** The vote that the canonical JSON reads as with one byte replaced, if it is a different one. */
  private static Optional<StixObject> changedVote(
      byte[] canonical, int position, byte replacement) {
    int at = position % canonical.length;
    if (canonical[at] == replacement) {
      return Optional.empty();
    }
    byte[] changed = Arrays.copyOf(canonical, canonical.length);
    changed[at] = replacement;
    return parse(changed)
        .filter(o -> !Arrays.equals(CanonicalJson.writeBytes(o.json()), canonical));
  }

  private static Optional<StixObject> parse(byte[] bytes) {
    try {
      JsonValue v = Json.parse(new String(bytes, StandardCharsets.UTF_8));
      if (!(v instanceof JsonObject)) {
        return Optional.empty();
      }
      StixObject o = StixObject.from(v);
      GovernanceStix.vote(o);
      return Optional.of(o);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
