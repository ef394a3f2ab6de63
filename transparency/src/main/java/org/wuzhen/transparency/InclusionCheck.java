package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

/**
 * What a node found when it checked one of its own log entries for an object version against its
 * latest signed tree head: whether the head's signature verifies with the log's key, whether the
 * logged record is the {@code add} of that version with the SHA-256 of the stored JSON, and whether
 * the RFC 9162 inclusion proof of the leaf (its hash recomputed from record and salt) leads to the
 * head's root.
 *
 * @param leafIndex the entry's leaf
 * @param head the latest signed head the proof was checked against
 */
public record InclusionCheck(
    long leafIndex,
    TreeHead head,
    boolean headSignatureValid,
    boolean recordMatches,
    Proof proof,
    int proofLength) {
  public InclusionCheck {
    requireNonNull(head, "head");
    requireNonNull(proof, "proof");
  }

  /** The outcome of the inclusion proof. */
  public enum Proof {
    /** The audit path leads from the leaf hash to the head's root. */
    VERIFIED,
    /** It does not: the stored leaf or tree differs from what the head signed. */
    FAILED,
    /** The leaf is newer than the latest signed head (signed within a second); no proof yet. */
    PENDING
  }

  /** Everything checked out: signed head, matching record, proof verified. */
  public boolean verified() {
    return headSignatureValid && recordMatches && proof == Proof.VERIFIED;
  }
}
