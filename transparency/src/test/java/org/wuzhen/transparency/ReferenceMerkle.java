package org.wuzhen.transparency;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.LogHash;

/**
 * RFC 9162 §2.1 transcribed literally: MTH, PATH and PROOF as the recursive definitions over the
 * list of leaf data, with no stored subtrees. The production code must agree with it.
 */
final class ReferenceMerkle {
  private ReferenceMerkle() {}

  static LogHash mth(List<byte[]> d) {
    if (d.isEmpty()) {
      return MerkleTree.EMPTY_ROOT;
    }
    if (d.size() == 1) {
      return MerkleTree.leafHash(d.getFirst());
    }
    int k = largestPowerOfTwoLessThan(d.size());
    return MerkleTree.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  static List<LogHash> path(int m, List<byte[]> d) {
    List<LogHash> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = largestPowerOfTwoLessThan(d.size());
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<LogHash> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  private static List<LogHash> subproof(int m, List<byte[]> d, boolean b) {
    List<LogHash> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = largestPowerOfTwoLessThan(n);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static int largestPowerOfTwoLessThan(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }
}
