package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

/** What checking a member signature on a STIX object found. */
public sealed interface VerificationResult {
  /** The signature is by the registered key of {@code memberIdentityId} over this very object. */
  record Valid(String keyId, String memberIdentityId) implements VerificationResult {
    public Valid {
      requireNonNull(keyId, "keyId");
      requireNonNull(memberIdentityId, "memberIdentityId");
    }
  }

  /** A signature is present and must not be trusted; the reason says why. */
  record Invalid(String reason) implements VerificationResult {
    public Invalid {
      requireNonNull(reason, "reason");
    }
  }

  /** The object carries no member signature. */
  record Unsigned() implements VerificationResult {}

  /** Signed with a key no member has registered. */
  record UnknownKey(String keyId) implements VerificationResult {
    public UnknownKey {
      requireNonNull(keyId, "keyId");
    }
  }
}
