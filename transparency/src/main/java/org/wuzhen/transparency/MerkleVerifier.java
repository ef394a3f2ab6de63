package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.store.LogHash;

/**
 * The verification algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), as an
 * auditor runs them against a signed tree head. Stateless; never throws on a bad proof.
 */
final class MerkleVerifier {
  private MerkleVerifier() {}

  /** True when {@code proof} proves that {@code leafHash} is leaf {@code index} of the tree. */
  public static boolean verifyInclusion(
      long index, long size, LogHash leafHash, List<LogHash> proof, LogHash root) {
    requireNonNull(leafHash, "leafHash");
    requireNonNull(proof, "proof");
    requireNonNull(root, "root");
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    LogHash r = leafHash;
    for (LogHash p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(p, r);
        // A left-edge node of a right subtree with no sibling at these levels: climb past them.
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleTree.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && r.equals(root);
  }

  /**
   * True when {@code proof} proves that the tree of size {@code first} with root {@code firstRoot}
   * is a prefix of the tree of size {@code second} with root {@code secondRoot}.
   */
  public static boolean verifyConsistency(
      long first, long second, LogHash firstRoot, LogHash secondRoot, List<LogHash> proof) {
    requireNonNull(firstRoot, "firstRoot");
    requireNonNull(secondRoot, "secondRoot");
    requireNonNull(proof, "proof");
    if (first < 0 || first > second) {
      return false;
    }
    if (first == second) {
      return proof.isEmpty() && firstRoot.equals(secondRoot);
    }
    if (first == 0) {
      // Every tree extends the empty one; RFC 9162 defines no proof for it.
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    int from = 0;
    LogHash seed;
    if (Long.bitCount(first) == 1) {
      // The first tree is a complete subtree of the second: its root starts the path.
      seed = firstRoot;
    } else {
      seed = proof.getFirst();
      from = 1;
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    LogHash fr = seed;
    LogHash sr = seed;
    for (int i = from; i < proof.size(); i++) {
      LogHash c = proof.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleTree.nodeHash(c, fr);
        sr = MerkleTree.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleTree.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
  }
}
