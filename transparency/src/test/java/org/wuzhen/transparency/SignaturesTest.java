package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.StixObject;

/** Member signatures: what verifies, and every forgery that must not. */
class SignaturesTest {
  private static final KeyPair ACME = Ed25519Keys.generate();
  private static final KeyPair BETA = Ed25519Keys.generate();
  private static final String ACME_ID = "identity--6f0b2c1e-4c3a-4d8e-9a57-1f0c2e5a7b11";
  private static final String BETA_ID = "identity--0c3f7a2e-1b9d-4e6a-8c5f-2d7e9b1a3c22";
  private static final MemberKeys KEYS =
      MemberKeys.NONE.with(ACME_ID, ACME.getPublic()).with(BETA_ID, BETA.getPublic());

  private static StixObject vote(String proposal, String choice) {
    return StixObject.parse(
        "{\"type\":\"note\",\"spec_version\":\"2.1\","
            + "\"id\":\"note--7d1d0f7a-9a55-4a52-8f3e-2f6c1b9e4d33\","
            + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
            + "\"created_by_ref\":\""
            + ACME_ID
            + "\",\"content\":\""
            + choice
            + "\",\"object_refs\":[\""
            + proposal
            + "\"],\"extensions\":{\"x-other\":{\"kept\":true}}}");
  }

  private static final String P1 = "note--11111111-1111-4111-8111-111111111111";
  private static final String P2 = "note--22222222-2222-4222-8222-222222222222";

  @Test
  void aSignedObjectVerifiesWithItsMembersKey() {
    StixObject signed = Signatures.sign(vote(P1, "yes"), ACME);
    assertThat(Signatures.verify(signed, KEYS))
        .isEqualTo(new VerificationResult.Valid(Ed25519Keys.keyId(ACME.getPublic()), ACME_ID));
    assertThat(signed.json().object("extensions").orElseThrow().has("x-other")).isTrue();
    // Signing is over the canonical form: a re-serialised, re-parsed copy still verifies.
    assertThat(Signatures.verify(StixObject.parse(signed.toJson()), KEYS))
        .isInstanceOf(VerificationResult.Valid.class);
  }

  @Test
  void aSignatureMadeElsewhereOverTheSignedBytesVerifiesOnlyForItsKey() {
    StixObject vote = vote(P1, "yes");
    byte[] signature = Ed25519Keys.sign(ACME.getPrivate(), Signatures.signedBytes(vote));
    assertThat(Signatures.withSignature(vote, ACME.getPublic(), signature))
        .isEqualTo(Signatures.sign(vote, ACME));
    assertThat(Signatures.verify(Signatures.withSignature(vote, ACME.getPublic(), signature), KEYS))
        .isInstanceOf(VerificationResult.Valid.class);
    // Attributed to another member's key, the same bytes do not verify.
    assertThat(Signatures.verify(Signatures.withSignature(vote, BETA.getPublic(), signature), KEYS))
        .isInstanceOf(VerificationResult.Invalid.class);
  }

  @Test
  void anObjectAlteredAfterSigningIsInvalid() {
    StixObject signed = Signatures.sign(vote(P1, "yes"), ACME);
    StixObject altered = StixObject.from(signed.json().with("content", new JsonString("no")));
    assertThat(Signatures.verify(altered, KEYS))
        .isInstanceOf(VerificationResult.Invalid.class)
        .extracting(r -> ((VerificationResult.Invalid) r).reason())
        .asString()
        .contains("does not match");
  }

  @Test
  void aSignatureReplayedOntoAnotherObjectIsInvalid() {
    StixObject signed = Signatures.sign(vote(P1, "yes"), ACME);
    JsonObject extensions = signed.json().object("extensions").orElseThrow();
    StixObject replayed = StixObject.from(vote(P2, "yes").json().with("extensions", extensions));
    assertThat(Signatures.verify(replayed, KEYS)).isInstanceOf(VerificationResult.Invalid.class);
  }

  @Test
  void aSignatureByAnotherMembersKeyIsRefused() {
    // beta signs a vote that claims to be acme's
    StixObject forged = Signatures.sign(vote(P1, "yes"), BETA);
    assertThat(Signatures.verify(forged, KEYS))
        .isInstanceOf(VerificationResult.Invalid.class)
        .extracting(r -> ((VerificationResult.Invalid) r).reason())
        .asString()
        .contains("created_by_ref is " + ACME_ID);
    assertThat(Signatures.verify(forged, ACME.getPublic()))
        .isInstanceOf(VerificationResult.UnknownKey.class);
    StixObject byStranger = Signatures.sign(vote(P1, "yes"), Ed25519Keys.generate());
    assertThat(Signatures.verify(byStranger, KEYS))
        .isInstanceOf(VerificationResult.UnknownKey.class);
  }

  @Test
  void aSignatureWithTheRightKeyIdButForgedBytesIsInvalid() {
    StixObject signed = Signatures.sign(vote(P1, "yes"), ACME);
    JsonObject ext =
        signed
            .json()
            .object("extensions")
            .orElseThrow()
            .object(Signatures.EXTENSION_ID)
            .orElseThrow()
            .with("signature", new JsonString("AAAA"));
    StixObject forged =
        StixObject.from(
            signed
                .json()
                .with(
                    "extensions",
                    signed
                        .json()
                        .object("extensions")
                        .orElseThrow()
                        .with(Signatures.EXTENSION_ID, ext)));
    assertThat(Signatures.verify(forged, KEYS)).isInstanceOf(VerificationResult.Invalid.class);
  }

  @Test
  void unsignedObjectsAreReportedAsSuch() {
    assertThat(Signatures.verify(vote(P1, "yes"), KEYS))
        .isEqualTo(new VerificationResult.Unsigned());
  }

  @Test
  void resigningReplacesTheSignatureAndRemovesNothingElse() {
    StixObject once = Signatures.sign(vote(P1, "yes"), BETA);
    StixObject twice = Signatures.sign(once, ACME);
    assertThat(Signatures.verify(twice, KEYS)).isInstanceOf(VerificationResult.Valid.class);
    assertThat(Signatures.withoutSignature(twice.json())).isEqualTo(vote(P1, "yes").json());
  }

  @Test
  void thePublishedExtensionDefinitionHasTheExtensionsId() {
    StixObject definition = Signatures.extensionDefinition();
    assertThat(definition.type()).isEqualTo("extension-definition");
    assertThat(definition.id().toString()).isEqualTo(Signatures.EXTENSION_ID);
  }

  @Test
  void theWriteCheckRefusesForgeriesAndUnsignedGovernanceObjects() {
    org.wuzhen.taxii.WriteCheck check =
        SignatureCheck.refusingForgeries(() -> KEYS, o -> o.type().equals("note"));
    org.wuzhen.taxii.Caller caller = new org.wuzhen.taxii.Caller("alice", "acme", ACME_ID, false);
    org.wuzhen.store.CollectionId c = org.wuzhen.store.CollectionId.random();
    assertThat(check.refusal(caller, c, Signatures.sign(vote(P1, "yes"), ACME))).isEmpty();
    assertThat(check.refusal(caller, c, vote(P1, "yes")))
        .hasValue("a member signature is required on note objects");
    assertThat(check.refusal(caller, c, Signatures.sign(vote(P1, "yes"), BETA)))
        .hasValueSatisfying(
            r -> assertThat(r).startsWith("invalid member signature: created_by_ref"));
    assertThat(check.refusal(caller, c, Signatures.sign(vote(P1, "yes"), Ed25519Keys.generate())))
        .hasValueSatisfying(r -> assertThat(r).endsWith("which no member has registered"));
  }
}
