package org.wuzhen.transparency;

import org.wuzhen.store.LogHash;

/**
 * Where the tree algorithms read hashes of complete subtrees: level 0 index {@code i} is the hash
 * of leaf {@code i}; level {@code k} index {@code i} is MTH of the leaves {@code [i * 2^k, (i + 1)
 * * 2^k)}. Every root and proof is assembled from O(log n) of these.
 */
@FunctionalInterface
interface SubtreeSource {
  /**
   * The hash; throws {@link IllegalStateException} naming the node when the source does not hold
   * it.
   */
  LogHash subtree(int level, long index);
}
