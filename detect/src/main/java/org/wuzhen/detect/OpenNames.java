package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The member names of the objects a directed scan ({@link JsonTape#scan(byte[], int, int,
 * MemberReads)}) has open, innermost last: where each name is in the line and its {@link
 * MemberName#hash} (two stores a name), so that an object refuses a duplicate name whether its
 * members get nodes or are skipped. An object's names are those from its {@link #size} when it
 * opened; it {@link #truncate}s to there when it closes. Mutable; one per tape.
 */
final class OpenNames {
  private int size;

  /** Per name, where it starts (high half) and ends (low half). */
  private long[] span = new long[64];

  private int[] hash = new int[64];

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

  void push(int start, int end, int nameHash) {
    if (size == span.length) {
      span = Arrays.copyOf(span, size * 2);
      hash = Arrays.copyOf(hash, size * 2);
    }
    span[size] = (long) start << 32 | end;
    hash[size] = nameHash;
    size++;
  }

  /** Where name {@code i} starts in the line. */
  int start(int i) {
    return (int) (span[i] >>> 32);
  }

  /** Where name {@code i} ends in the line. */
  int end(int i) {
    return (int) span[i];
  }

  /** The {@link MemberName#hash} of name {@code i}. */
  int hash(int i) {
    return hash[i];
  }

  /** Whether a name from {@code base} on is the name at {@code [start, end)} of {@code b}. */
  boolean holds(int base, byte[] b, int start, int end, int nameHash) {
    for (int i = base; i < size; i++) {
      if (hash[i] == nameHash
          && Arrays.equals(b, (int) (span[i] >>> 32), (int) span[i], b, start, end)) {
        return true;
      }
    }
    return false;
  }
}
