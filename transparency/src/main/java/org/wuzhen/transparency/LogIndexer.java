package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.LogLeaf;
import org.wuzhen.store.LogNode;
import org.wuzhen.store.LogStore;

/**
 * Hashes the complete subtrees over the leaves the store appended, so roots and proofs need O(log
 * n) lookups. Only levels from {@link StoredTree#LOWEST_STORED_LEVEL} up are stored (see {@link
 * StoredTree}), so leaves are indexed in blocks of 16. Each batch of leaves costs one read of those
 * leaves, at most one stored-node read per level, and one transaction writing about one node per 16
 * leaves: constant amortised work per leaf. Several processes on one database may index at once;
 * their nodes are identical. Confined to the thread that calls {@link #sync}.
 */
final class LogIndexer {
  static final int BATCH = 8192;

  private final LogStore store;

  private static final long BLOCK = 1L << StoredTree.LOWEST_STORED_LEVEL;

  /**
   * Leaves [0, indexed) have their complete subtrees of the stored levels stored; a block multiple.
   */
  private long indexed = -1;

  LogIndexer(LogStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** Indexes the leaves below {@code size}; returns how many leaves are fully indexed. */
  long sync(long size) {
    if (indexed < 0) {
      // All levels of a batch commit together, so the lowest stored level says how far it went.
      indexed = BLOCK * store.logNodeEnd(StoredTree.LOWEST_STORED_LEVEL);
    }
    long target = size - size % BLOCK;
    while (indexed < target) {
      long end = Math.min(target, indexed + BATCH);
      List<LogLeaf> leaves = StoredTree.leaves(store, indexed, end);
      List<LogHash> level = new ArrayList<>(leaves.size());
      for (LogLeaf leaf : leaves) {
        level.add(leaf.leafHash());
      }
      store.putLogNodes(nodesAbove(level, indexed));
      indexed = end;
    }
    return indexed;
  }

  /** The subtrees completed by the hashes of level 0 starting at index {@code start}. */
  private List<LogNode> nodesAbove(List<LogHash> hashes, long start) {
    List<LogNode> out = new ArrayList<>();
    List<LogHash> level = hashes;
    long first = start;
    for (int k = 1; !level.isEmpty(); k++) {
      if ((first & 1) == 1) {
        // The left sibling of this level's first hash was stored by an earlier batch (batches start
        // on a block, so this happens only on stored levels).
        LogHash left = new StoredTree(store).subtree(k - 1, first - 1);
        List<LogHash> withLeft = new ArrayList<>(level.size() + 1);
        withLeft.add(left);
        withLeft.addAll(level);
        level = withLeft;
        first -= 1;
      }
      List<LogHash> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        LogHash h = MerkleTree.nodeHash(level.get(i), level.get(i + 1));
        up.add(h);
        if (k >= StoredTree.LOWEST_STORED_LEVEL) {
          out.add(new LogNode(k, (first >>> 1) + i / 2, h));
        }
      }
      level = up;
      first >>>= 1;
    }
    return out;
  }
}
