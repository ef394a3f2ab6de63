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

  /**
   * The line's bytes outside its values, in segments: {@code {"name0":}, then {@code ,"name":} per
   * further member, then the closing brace ({@code {}} for no member). Segment {@code m} is the
   * {@value #SEGMENT_WORDS} words (little-endian, each with its mask: bytes past the segment's end
   * masked off) at {@code 2 * SEGMENT_WORDS * m}, so a line of this shape is recognised by comparing
   * a fixed number of words in place ({@link #segment}), with no loop whose end depends on a name.
   */
  private long[] words = new long[2 * SEGMENT_WORDS];

  /** Segment {@code m}'s length in bytes; {@link #NEVER} for segment 0 of an empty shape. */
  private int[] segmentLength = {NEVER};

  /** Whether every segment fits its words (names of at most 28 bytes, as Zeek's are). */
  private boolean guessable;

  private static final int SEGMENT_WORDS = 4;

  /** Longer than any line: a segment no line holds, so an empty shape takes no line. */
  private static final int NEVER = 1 << 30;

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
    segmentLength[0] = NEVER;
  }

  /** Members of the shape, -1 while empty or forgotten. */
  int count() {
    return count;
  }

  /**
   * The end of segment {@code m} when the bytes at {@code at} hold it, else -1: its words compared
   * in place, a word past {@code stop} read at {@code stop} (at least 8 bytes of the array follow
   * it, as {@link FlatJsonScan#scan} makes sure) and its bytes masked off.
   */
  int segment(int m, byte[] bytes, int at, int stop) {
    int n = segmentLength[m];
    int w = 2 * SEGMENT_WORDS * m;
    long[] t = words;
    long diff = (stop - at - n) >> 31; // -1 when the segment would pass the line's end
    // at is at most stop, and 16 bytes of the array follow stop: the first two words need no clamp.
    diff |= ((long) LONGS.get(bytes, at) ^ t[w]) & t[w + 1];
    diff |= ((long) LONGS.get(bytes, at + 8) ^ t[w + 2]) & t[w + 3];
    if (n > 16) {
      diff |= ((long) LONGS.get(bytes, Math.min(at + 16, stop)) ^ t[w + 4]) & t[w + 5];
      diff |= ((long) LONGS.get(bytes, Math.min(at + 24, stop)) ^ t[w + 6]) & t[w + 7];
    }
    return diff == 0 ? at + n : -1;
  }

  /**
   * Whether this shape's first {@code m} members have {@code other}'s names, in order (its segments
   * before {@code m} the same bytes): what a line matched of {@code other} up to there, it matched
   * of this shape too.
   */
  boolean sharesStart(LineShape other, int m) {
    if (count < m || other.count < m || !guessable || !other.guessable) {
      return false;
    }
    // A segment's words and masks determine its bytes and its length (names hold no quote).
    int n = 2 * SEGMENT_WORDS * m;
    return Arrays.equals(words, 0, n, other.words, 0, n);
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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
    keepSegments(members, start, end, bytes);
    count = members;
    id = newId;
  }

  /** One segment's bytes while it is packed into words (room for a name cut to its words). */
  private final byte[] segment = new byte[8 * SEGMENT_WORDS + 8];

  /** Fills {@link #words} with the segments of the line's names ({@link #segment}). */
  private void keepSegments(int members, int[] start, int[] end, byte[] bytes) {
    if (segmentLength.length < members + 1) {
      segmentLength = new int[members + 1];
      words = new long[2 * SEGMENT_WORDS * (members + 1)];
    }
    guessable = true;
    for (int m = 0; m <= members; m++) {
      int n = m < members ? end[m] - start[m] + 4 : members == 0 ? 2 : 1;
      segmentLength[m] = n;
      guessable &= n <= 8 * SEGMENT_WORDS;
      Arrays.fill(segment, (byte) 0);
      int at = 0;
      if (m == 0) {
        segment[at++] = '{';
      }
      if (m < members) {
        if (m > 0) {
          segment[at++] = ',';
        }
        segment[at++] = '"';
        int length = Math.min(end[m] - start[m], 8 * SEGMENT_WORDS);
        System.arraycopy(bytes, start[m], segment, at, length);
        at += length;
        segment[at++] = '"';
        segment[at++] = ':';
      } else {
        segment[at++] = '}';
      }
      for (int k = 0; k < SEGMENT_WORDS; k++) {
        int left = Math.max(0, Math.min(8, n - 8 * k));
        long mask = left == 0 ? 0 : -1L >>> (64 - 8 * left);
        words[2 * (SEGMENT_WORDS * m + k)] = (long) LONGS.get(segment, 8 * k) & mask;
        words[2 * (SEGMENT_WORDS * m + k) + 1] = mask;
      }
    }
    if (!guessable) {
      segmentLength[0] = NEVER; // a name past its words: such lines are read by their names
    }
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
