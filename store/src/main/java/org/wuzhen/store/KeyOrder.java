package org.wuzhen.store;

import java.util.Arrays;
import java.util.List;

/**
 * The order in which a batch of claims is inserted: by the keys' leading bytes, as the primary
 * key's B-tree orders them. Only the locality of the inserts depends on it (keys that tie on their
 * leading bytes keep their order in the call), so it sorts primitive longs, each the keys' first 44
 * bits above the row's position, instead of boxed positions through a comparator.
 */
final class KeyOrder {
  private static final int POSITION_BITS = 20;
  private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

  private KeyOrder() {}

  /** The positions of {@code keys}, sorted by their leading bytes (unsigned, as memcmp). */
  static int[] sorted(List<ObjectCreators.Key> keys) {
    int n = keys.size();
    int[] order = new int[n];
    if (n > POSITION_MASK + 1) {
      // More rows than the positions' bits hold: the whole keys through a comparator.
      Integer[] boxed = new Integer[n];
      Arrays.setAll(boxed, i -> i);
      Arrays.sort(boxed, (a, b) -> keys.get(a).compareTo(keys.get(b)));
      Arrays.setAll(order, i -> boxed[i]);
      return order;
    }
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      // Flipping the sign bit makes the signed sort of longs the unsigned order of the bytes.
      packed[i] =
          ((leading(keys.get(i).bytes()) >>> POSITION_BITS) << POSITION_BITS | i) ^ Long.MIN_VALUE;
    }
    Arrays.sort(packed);
    for (int i = 0; i < n; i++) {
      order[i] = (int) ((packed[i] ^ Long.MIN_VALUE) & POSITION_MASK);
    }
    return order;
  }

  /** The first 8 bytes as a big-endian long, zeros past the end of a shorter key. */
  private static long leading(byte[] bytes) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
    }
    return v;
  }
}
