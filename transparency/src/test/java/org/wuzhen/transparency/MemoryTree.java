package org.wuzhen.transparency;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.LogHash;

/** Every complete subtree of a list of leaves, computed bottom-up in memory, for tests. */
final class MemoryTree implements SubtreeSource {
  private final List<List<LogHash>> levels = new ArrayList<>();

  MemoryTree(List<byte[]> leaves) {
    List<LogHash> level = new ArrayList<>();
    for (byte[] leaf : leaves) {
      level.add(MerkleTree.leafHash(leaf));
    }
    while (!level.isEmpty()) {
      levels.add(level);
      List<LogHash> up = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        up.add(MerkleTree.nodeHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
  }

  @Override
  public LogHash subtree(int level, long index) {
    if (level >= levels.size() || index >= levels.get(level).size()) {
      throw new IllegalStateException("no subtree at level " + level + " index " + index);
    }
    return levels.get(level).get((int) index);
  }
}
