package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.LogLeaf;
import org.wuzhen.store.LogStore;

/**
 * Complete-subtree hashes read from the store. Only subtrees of {@link #LOWEST_STORED_LEVEL} and
 * above are stored (one row per 16 leaves in all, instead of one per leaf); a lower one is hashed
 * from its at most 8 leaves, read in one range query. Each lookup stays O(1) rows, so roots and
 * proofs stay O(log n), while the indexer writes 16 times fewer rows beside the ingest path.
 */
record StoredTree(LogStore store) implements SubtreeSource {
  /** Subtrees of 2^4 = 16 leaves and larger are stored. */
  static final int LOWEST_STORED_LEVEL = 4;

  StoredTree {
    requireNonNull(store, "store");
  }

  @Override
  public LogHash subtree(int level, long index) {
    if (level == 0 || level >= LOWEST_STORED_LEVEL) {
      return store
          .logNode(level, index)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "the log has no subtree hash at level " + level + " index " + index));
    }
    long start = index << level;
    List<LogLeaf> leaves = leaves(store, start, start + (1L << level));
    List<LogHash> hashes = new ArrayList<>(leaves.size());
    for (LogLeaf leaf : leaves) {
      hashes.add(leaf.leafHash());
    }
    return completeSubtree(hashes);
  }

  /**
   * Every leaf in {@code [start, end)}, which must all be stored.
   *
   * @throws IllegalStateException naming the range when a leaf row is missing
   */
  static List<LogLeaf> leaves(LogStore store, long start, long end) {
    List<LogLeaf> leaves = store.logLeaves(start, end);
    if (leaves.size() != end - start) {
      throw new IllegalStateException(
          "the log has "
              + leaves.size()
              + " leaves in ["
              + start
              + ", "
              + end
              + "), expected "
              + (end - start)
              + ": a leaf row is missing");
    }
    return leaves;
  }

  /** MTH of a power-of-two number of leaf hashes. */
  static LogHash completeSubtree(List<LogHash> hashes) {
    List<LogHash> level = hashes;
    while (level.size() > 1) {
      List<LogHash> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        up.add(MerkleTree.nodeHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
    return level.getFirst();
  }
}
