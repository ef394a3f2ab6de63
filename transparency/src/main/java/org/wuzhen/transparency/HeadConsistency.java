package org.wuzhen.transparency;

import java.util.List;
import org.wuzhen.store.LogHash;

/**
 * Whether two signed heads of one log can both be true: the smaller tree must be a prefix of the
 * larger (RFC 9162 §2.1.4), proven by a consistency proof the log itself gives. Shared by the
 * auditor and by federation peers that witness each other's heads. Stateless.
 */
public final class HeadConsistency {
  private HeadConsistency() {}

  /** Where consistency proofs come from: the log whose heads are compared. */
  @FunctionalInterface
  public interface ProofSource {
    List<LogHash> consistencyProof(long first, long second) throws AuditFailure;
  }

  /**
   * Checks that {@code later} extends {@code earlier}; each head comes with words saying where it
   * was seen, used in the messages. Returns a line describing the check passed.
   *
   * @throws AuditFailure an {@linkplain AuditFailure#inconsistency() inconsistency} ("the log
   *     shrank", "two histories", "the log was rewritten", or the log refused the proof), or a
   *     failure to get the proof at all
   */
  public static String check(
      TreeHead earlier, String earlierSeen, TreeHead later, String laterSeen, ProofSource proofs)
      throws AuditFailure {
    String both =
        earlierSeen + " is " + describe(earlier) + ", " + laterSeen + " " + describe(later);
    if (earlier.treeSize() > later.treeSize()) {
      throw AuditFailure.inconsistent("the log shrank: " + both);
    }
    if (earlier.treeSize() == later.treeSize()) {
      if (!earlier.rootHash().equals(later.rootHash())) {
        throw AuditFailure.inconsistent("two histories: " + both + " for the same size");
      }
      return "head " + describe(later) + ": same as " + earlierSeen;
    }
    List<LogHash> proof;
    try {
      proof = proofs.consistencyProof(earlier.treeSize(), later.treeSize());
    } catch (AuditFailure e) {
      if (e.nodeUnreachable()) {
        throw e;
      }
      String message =
          "no consistency proof from "
              + describe(earlier)
              + " ("
              + earlierSeen
              + ") to "
              + describe(later)
              + " ("
              + laterSeen
              + "): "
              + e.getMessage();
      // A log refuses a proof between sizes it signed only when it no longer has that history.
      throw e.nodeRefused() ? AuditFailure.inconsistent(message) : new AuditFailure(message);
    }
    if (!MerkleVerifier.verifyConsistency(
        earlier.treeSize(), later.treeSize(), earlier.rootHash(), later.rootHash(), proof)) {
      throw AuditFailure.inconsistent(
          "the log was rewritten: "
              + describe(later)
              + " ("
              + laterSeen
              + ") is not consistent with "
              + earlierSeen
              + ", "
              + describe(earlier)
              + " (RFC 9162 consistency proof fails)");
    }
    return "head "
        + describe(later)
        + ": consistent with "
        + earlierSeen
        + ", "
        + describe(earlier);
  }

  /** A head in words: its size, root and timestamp. */
  public static String describe(TreeHead head) {
    return "tree_size " + head.treeSize() + " root " + head.rootHash().hex();
  }
}
