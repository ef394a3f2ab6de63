package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The member names of the objects a directed scan ({@link JsonTape#scan(byte[], int, int,
 * MemberReads)}) has open, innermost last: where each name is in the line, its {@link
 * MemberName#hash} and first 8 bytes, so that an object refuses a duplicate name whether its
 * members get nodes or are skipped. An object's names are those from its {@link #size} when it
 * opened; it {@link #truncate}s to there when it closes. Mutable; one per tape.
 */
final class OpenNames {
  private int size;
  private int[] from = new int[64];
  private int[] to = new int[64];
  private int[] hash = new int[64];
  private long[] prefix = new long[64];

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** Forgets the names from {@code base} on: those of an object just closed. */
  void truncate(int base) {
    size = base;
  }

  void push(int start, int end, int nameHash, long namePrefix) {
    if (size == from.length) {
      int n = size * 2;
      from = Arrays.copyOf(from, n);
      to = Arrays.copyOf(to, n);
      hash = Arrays.copyOf(hash, n);
      prefix = Arrays.copyOf(prefix, n);
    }
    from[size] = start;
    to[size] = end;
    hash[size] = nameHash;
    prefix[size] = namePrefix;
    size++;
  }

  /** Whether a name from {@code base} on is the name at {@code [start, end)} of {@code b}. */
  boolean holds(int base, byte[] b, int start, int end, int nameHash, long namePrefix) {
    for (int i = base; i < size; i++) {
      if (hash[i] == nameHash
          && prefix[i] == namePrefix
          && Arrays.equals(b, from[i], to[i], b, start, end)) {
        return true;
      }
    }
    return false;
  }
}
