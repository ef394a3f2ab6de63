package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.wuzhen.stix.StixObject;

/**
 * Decides whether a governance object really comes from the member it names. Governance asks before
 * it accepts a proposal, a vote or a false-positive report through TAXII and again before it counts
 * one, each time with the charter whose keys apply (for a vote: the charter its proposal opened
 * under). {@link #MEMBER_SIGNATURES} is the check every node runs; tests may pass their own.
 */
@FunctionalInterface
public interface Authenticity {
  /**
   * The member's Ed25519 signature (transparency module) with the keys {@code inForce} registers,
   * as its {@code member_signatures} rule demands.
   */
  Authenticity MEMBER_SIGNATURES = MemberSignatures::verify;

  /**
   * @param memberIdentityId the identity the object claims to come from (its created_by_ref);
   *     charter versions, which every node derives from the votes, are not asked about
   * @param inForce the charter whose keys and rules apply to this object
   */
  Verdict verify(StixObject object, Optional<String> memberIdentityId, Charter inForce);

  /** The answer: authentic, or refused with a reason shown to the member. */
  sealed interface Verdict {
    Verdict AUTHENTIC = new Authentic();

    record Authentic() implements Verdict {}

    record Refused(String reason) implements Verdict {
      public Refused {
        requireNonNull(reason, "reason");
      }
    }
  }
}
