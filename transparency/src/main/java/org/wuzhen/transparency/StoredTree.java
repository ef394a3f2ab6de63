package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.LogHash;
import org.wuzhen.store.Store;

/** Complete-subtree hashes read from the store: one indexed lookup each. */
record StoredTree(Store store) implements SubtreeSource {
  StoredTree {
    requireNonNull(store, "store");
  }

  @Override
  public LogHash subtree(int level, long index) {
    return store
        .logNode(level, index)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the log has no subtree hash at level " + level + " index " + index));
  }
}
