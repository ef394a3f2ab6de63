package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * The hash of a complete (perfect) subtree of the transparency log: level {@code k >= 1} and index
 * {@code i} cover the leaves {@code [i * 2^k, (i + 1) * 2^k)}.
 */
public record LogNode(int level, long index, LogHash hash) {
  public LogNode {
    if (level < 1 || level > 62) {
      throw new IllegalArgumentException("log node level is not in 1..62: " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("log node index is negative: " + index);
    }
    requireNonNull(hash, "hash");
  }
}
