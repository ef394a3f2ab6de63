package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The member names of a flat JSON line in order, as {@link FlatJsonScan} keys them (first, middle
 * and last 8 bytes and length, the bytes in between for names longer than 24), checked once for
 * duplicates, with its own table from name to member. A log's lines take a few shapes (Zeek leaves
 * an unset field out), so most lines match one already kept and need neither their names hashed nor
 * a table filled. Mutable: refilled when its slot takes another shape; one scan, one thread.
 */
final class LineShape {
  /** Changes with every refill, so a reader may keep what it found per shape. */
  int id;

  /** -1 while empty or forgotten: then no line matches. */
  private int count = -1;

  private long[] first = new long[0];
  private long[] last = new long[0];
  private long[] middle = new long[0];
  private int[] length = new int[0];
  private int[] hash = new int[0];
  private int[] nameAt = new int[0];
  private byte[] names = new byte[0];

  /** Whether some name is longer than the 24 bytes its keys cover. */
  private boolean longNames;

  /** Member + 1 by name hash, 0 when empty: open addressing, at most half full. */
  private int[] slots = new int[64];

  private int shift = 32 - 6;

  /**
   * Whether the names of the line's members (their keys and bytes) are this shape's, in order. The
   * keys of every member are compared before one answer, the count folded in, so that a line of
   * another length or names and an empty shape leave by the same test as any other mismatch.
   */
  boolean matches(
      int members, long[] f, long[] l, long[] mid, int[] start, int[] end, byte[] bytes) {
    long diff = members ^ count;
    int n = Math.min(members, count);
    for (int m = 0; m < n; m++) {
      diff |=
          (f[m] ^ first[m])
              | (l[m] ^ last[m])
              | (mid[m] ^ middle[m])
              | (end[m] - start[m] ^ length[m]);
    }
    return diff == 0 && (!longNames || longNamesMatch(members, start, end, bytes));
  }

  /** The bytes between the keys of names longer than 24 (rare: none in the dns and ssl logs). */
  private boolean longNamesMatch(int members, int[] start, int[] end, byte[] bytes) {
    for (int m = 0; m < members; m++) {
      int n = length[m];
      if (n > 24
          && !Arrays.equals(
              bytes, start[m] + 16, end[m] - 8, names, nameAt[m] + 16, nameAt[m] + n - 8)) {
        return false;
      }
    }
    return true;
  }

  /** Matches no line until kept again. */
  void forget() {
    count = -1;
  }

  /**
   * Becomes the shape of the line's members, whose names have no duplicate; {@code hashes} by name.
   */
  void keep(
      int members,
      long[] f,
      long[] l,
      long[] mid,
      int[] start,
      int[] end,
      int[] hashes,
      byte[] bytes,
      int newId) {
    if (first.length < members) {
      first = new long[members];
      last = new long[members];
      middle = new long[members];
      length = new int[members];
      hash = new int[members];
      nameAt = new int[members];
    }
    int size = 0;
    for (int m = 0; m < members; m++) {
      size += end[m] - start[m];
    }
    if (names.length < size) {
      names = new byte[size];
    }
    int bits = Math.max(6, 33 - Integer.numberOfLeadingZeros(2 * members));
    if (slots.length != 1 << bits) {
      slots = new int[1 << bits];
    } else {
      Arrays.fill(slots, 0);
    }
    shift = 32 - bits;
    int at = 0;
    longNames = false;
    for (int m = 0; m < members; m++) {
      int n = end[m] - start[m];
      longNames |= n > 24;
      first[m] = f[m];
      last[m] = l[m];
      middle[m] = mid[m];
      length[m] = n;
      hash[m] = hashes[m];
      nameAt[m] = at;
      System.arraycopy(bytes, start[m], names, at, n);
      at += n;
      int i = home(hashes[m]);
      while (slots[i] != 0) {
        i = (i + 1) & (slots.length - 1);
      }
      slots[i] = m + 1;
    }
    count = members;
    id = newId;
  }

  private int home(int h) {
    return (h * 0x9E3779B9) >>> shift;
  }

  /** The member of that name (ASCII, {@code h} its {@link FlatJsonScan#nameHash}), or -1. */
  int member(byte[] name, int h) {
    int mask = slots.length - 1;
    for (int i = home(h); slots[i] != 0; i = (i + 1) & mask) {
      int m = slots[i] - 1;
      if (hash[m] == h
          && Arrays.equals(names, nameAt[m], nameAt[m] + length[m], name, 0, name.length)) {
        return m;
      }
    }
    return -1;
  }
}
