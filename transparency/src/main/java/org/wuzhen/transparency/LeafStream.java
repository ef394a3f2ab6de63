package org.wuzhen.transparency;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.LogHash;

/**
 * The Merkle tree of leaves fed one at a time, in index order, holding only the O(log n) complete
 * subtrees on its right edge: the root of every prefix, and each complete subtree as it is
 * completed. What an audit that replays every leaf needs, whatever the size of the log. Mutable;
 * not thread-safe.
 */
final class LeafStream {
  /** Told of each complete subtree (level ≥ 1) as the leaf that completes it is added. */
  @FunctionalInterface
  interface Completed<X extends Exception> {
    void subtree(int level, long index, LogHash hash) throws X;
  }

  private record Subtree(int level, LogHash hash) {}

  private final List<Subtree> edge = new ArrayList<>();
  private long size;

  /** Leaves added so far. */
  long size() {
    return size;
  }

  /** Adds the next leaf's hash; {@code completed} hears of every subtree it completes. */
  <X extends Exception> void add(LogHash leafHash, Completed<X> completed) throws X {
    edge.add(new Subtree(0, leafHash));
    size++;
    while (edge.size() >= 2
        && edge.get(edge.size() - 1).level() == edge.get(edge.size() - 2).level()) {
      Subtree right = edge.removeLast();
      Subtree left = edge.removeLast();
      int level = left.level() + 1;
      LogHash hash = MerkleTree.nodeHash(left.hash(), right.hash());
      edge.add(new Subtree(level, hash));
      completed.subtree(level, (size >>> level) - 1, hash);
    }
  }

  void add(LogHash leafHash) {
    add(leafHash, (level, index, hash) -> {});
  }

  /**
   * MTH of the leaves added so far (RFC 9162 §2.1.1): the complete subtrees of the right edge,
   * largest on the left, folded from the right.
   */
  LogHash root() {
    if (edge.isEmpty()) {
      return MerkleTree.EMPTY_ROOT;
    }
    LogHash root = edge.getLast().hash();
    for (int i = edge.size() - 2; i >= 0; i--) {
      root = MerkleTree.nodeHash(edge.get(i).hash(), root);
    }
    return root;
  }
}
