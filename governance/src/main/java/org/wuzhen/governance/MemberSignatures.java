package org.wuzhen.governance;

import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.transparency.Signatures;
import org.wuzhen.transparency.VerificationResult;

/**
 * {@link Authenticity#MEMBER_SIGNATURES}: a governance object is authentic when it carries a valid
 * signature by a key the charter registers to the member it names. Unsigned objects pass only under
 * {@code member_signatures: optional} and only from a member with no registered key: a member who
 * registered a key cannot be impersonated by leaving the signature off.
 */
final class MemberSignatures {
  private MemberSignatures() {}

  static Authenticity.Verdict verify(StixObject object, Optional<String> member, Charter inForce) {
    if (member.isEmpty()) {
      return refused("names no member (created_by_ref is missing)");
    }
    String claimed = member.get();
    String charter = "charter v" + inForce.version();
    return switch (Signatures.verify(object, inForce.memberKeys())) {
      case VerificationResult.Valid v ->
          v.memberIdentityId().equals(claimed)
              ? Authenticity.Verdict.AUTHENTIC
              : refused(
                  "signed with the key of "
                      + name(inForce, v.memberIdentityId())
                      + ", not of "
                      + name(inForce, claimed));
      case VerificationResult.Invalid i -> refused("invalid signature: " + i.reason());
      case VerificationResult.UnknownKey k ->
          refused(
              "signed with key " + k.keyId() + ", which " + charter + " registers to no member");
      case VerificationResult.Unsigned u -> {
        if (inForce.signaturesRequired()) {
          yield refused("unsigned, but " + charter + " requires member signatures");
        }
        boolean hasKey =
            inForce.memberByIdentity(claimed).map(m -> !m.publicKeys().isEmpty()).orElse(false);
        yield hasKey
            ? refused(
                "unsigned, but "
                    + name(inForce, claimed)
                    + " has a key under "
                    + charter
                    + " and must sign")
            : Authenticity.Verdict.AUTHENTIC;
      }
    };
  }

  private static Authenticity.Verdict refused(String reason) {
    return new Authenticity.Verdict.Refused(reason);
  }

  private static String name(Charter c, String identityId) {
    return c.memberByIdentity(identityId).map(CharterMember::name).orElse(identityId);
  }
}
