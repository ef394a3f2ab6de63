package org.wuzhen.detect;

import java.util.BitSet;
import org.wuzhen.pattern.IpNetwork;

/**
 * A binary trie of address blocks, one per address family, for {@code ISSUBSET}: each block is
 * stored at the node its prefix bits lead to. Looking up an address (or block) walks its bits and
 * collects every stored block on the way, which are exactly the blocks containing it (STIX 2.1
 * §9.6.1, host bits below a prefix ignored). Insert O(prefix), lookup O(address bits) = 32 or 128
 * steps. Mutable while the engine compiles, read-only after; not thread-safe during compilation.
 */
final class IpTrie {
  private final Node root = new Node();

  private static final class Node {
    final Node[] children = new Node[2];
    int[] indicators = new int[0];
  }

  void insert(IpNetwork block, int indicator) {
    Node n = root;
    for (int i = 0; i < block.prefix(); i++) {
      int b = block.bit(i);
      if (n.children[b] == null) {
        n.children[b] = new Node();
      }
      n = n.children[b];
    }
    int[] grown = java.util.Arrays.copyOf(n.indicators, n.indicators.length + 1);
    grown[n.indicators.length] = indicator;
    n.indicators = grown;
  }

  /** Adds every indicator whose block contains {@code value} to {@code out}. */
  void collectContaining(IpNetwork value, BitSet out) {
    Node n = root;
    for (int depth = 0; n != null; depth++) {
      for (int i : n.indicators) {
        out.set(i);
      }
      if (depth == value.prefix()) {
        return;
      }
      n = n.children[value.bit(depth)];
    }
  }
}
