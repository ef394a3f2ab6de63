package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.wuzhen.stix.StixObject;

/**
 * Decides whether a governance object really comes from the member it names. Governance asks before
 * it accepts a proposal, a vote, a false-positive report or a charter version through TAXII and
 * again before it counts one. This is where the signature check of the transparency module plugs in
 * (Ed25519 over the object's canonical JSON); until a node wires one, {@link #ACCEPT_ALL} relies on
 * TAXII authentication and the created_by_ref check alone.
 */
@FunctionalInterface
public interface Authenticity {
  /** Accepts every object: authentication of the caller is the only guarantee. */
  Authenticity ACCEPT_ALL = (object, member) -> Verdict.AUTHENTIC;

  /**
   * @param memberIdentityId the identity the object claims to come from; empty for objects a node
   *     writes itself (charter versions)
   */
  Verdict verify(StixObject object, Optional<String> memberIdentityId);

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
