package org.wuzhen.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-level steps of reading JSON lines in place ({@link FlatJsonScan}, and the other scans
 * that share them): words of 8 bytes tested for the bytes that end plain text or digits, literals,
 * spaces, and the hashes of names and text. Static and allocation-free; the JIT inlines them into
 * each caller as it would its own methods.
 */
final class JsonBytes {
  private JsonBytes() {}

  /**
   * The spaces and tabs after a line's object ({@link #space}'s, where the line's end mostly is): a
   * loop of its own, so that {@link #space}'s test of the byte at hand keeps a profile of tokens
   * only, whatever the log.
   */
  static int trailing(byte[] bytes, int at, int stop) {
    while (at < stop && (bytes[at] == ' ' || bytes[at] == '\t')) {
      at++;
    }
    return at;
  }

  /** A name's first 8 bytes, or all of a shorter one, as a little-endian long. */
  static long firstKey(byte[] bytes, int start, int stop) {
    return stop - start >= 8 ? (long) LONGS.get(bytes, start) : shortName(bytes, start, stop);
  }

  /** A name's last 8 bytes, or 0 for one shorter than 8. */
  static long lastKey(byte[] bytes, int start, int stop) {
    return stop - start >= 8 ? (long) LONGS.get(bytes, stop - 8) : 0;
  }

  /** The bytes of a name shorter than 8 as a little-endian long, the first byte lowest. */
  private static long shortName(byte[] bytes, int start, int stop) {
    int n = stop - start;
    if (start + Long.BYTES <= bytes.length) {
      return n == 0 ? 0 : (long) LONGS.get(bytes, start) & (-1L >>> (64 - 8 * n));
    }
    long first = 0;
    for (int i = stop - 1; i >= start; i--) {
      first = first << 8 | (bytes[i] & 0xff);
    }
    return first;
  }

  /** The end of {@code word} (a literal's bytes) at {@code at}, or -1 when the bytes differ. */
  static int literal(byte[] bytes, int at, int stop, byte[] word) {
    if (stop - at < word.length) {
      return -1;
    }
    for (int i = 0; i < word.length; i++) {
      if (bytes[at + i] != word[i]) {
        return -1;
      }
    }
    return at + word.length;
  }

  /**
   * The first byte of {@code [at, stop)} that is not a digit, or {@code stop}; eight at a time (a
   * Zeek line's durations have 15 to 20 digits). In a word, a byte is a digit exactly when its high
   * nibble is 3 both as it is and plus 6; a carry out of a byte above 0xF9 runs only upwards, so
   * the lowest flagged byte is exactly the first that is not a digit.
   */
  static int digits(byte[] bytes, int at, int stop) {
    for (; at < stop; at += 8) { // as plain: words past stop, clamped
      long w = (long) LONGS.get(bytes, at);
      long other = ((w & NIBBLES) ^ ZEROS) | (((w + SIXES) & NIBBLES) ^ ZEROS);
      if (other != 0) {
        return Math.min(at + (Long.numberOfTrailingZeros(other) >>> 3), stop);
      }
    }
    return stop;
  }

  private static final long NIBBLES = 0xF0F0F0F0F0F0F0F0L;
  private static final long ZEROS = 0x3030303030303030L;
  private static final long SIXES = 0x0606060606060606L;

  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The high bit of each of 8 bytes (little-endian) that is a quote, a backslash, below 0x20 or
   * beyond ASCII; the lowest one set marks exactly the first such byte (a borrow only runs upwards,
   * so a flag above it may be false, never one below).
   */
  static long specialBytes(long x) {
    long quote = x ^ 0x2222222222222222L;
    long slash = x ^ 0x5C5C5C5C5C5C5C5CL;
    return (((quote - ONES) & ~quote)
            | ((slash - ONES) & ~slash)
            | ((x - 0x2020202020202020L) & ~x)
            | x)
        & HIGHS;
  }

  /**
   * The first quote, backslash, control or non-ASCII byte of {@code [at, stop)}, or {@code stop}:
   * plain bytes eight at a time, as most strings of a log line are. At least 8 bytes of the array
   * must follow {@code stop - 1} (as {@link FlatJsonScan#scan} makes sure).
   */
  static int plain(byte[] bytes, int at, int stop) {
    // Whole words only, the last running past stop into the slack (the scan's precondition), a
    // byte found there clamped to stop: no tail loop, whose branch only some lines take.
    for (; at < stop; at += 8) {
      long special = specialBytes((long) LONGS.get(bytes, at));
      if (special != 0) {
        return Math.min(at + (Long.numberOfTrailingZeros(special) >>> 3), stop);
      }
    }
    return stop;
  }

  /** The value of the 4 hex digits at {@code from} (a unicode escape's), or -1. */
  static int hex4(byte[] bytes, int from) {
    int v = 0;
    for (int i = from; i < from + 4; i++) {
      int d = Character.digit(bytes[i], 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  /**
   * The first byte at or after {@code at} that is not a space or tab, or {@code stop}; {@code at}
   * at most {@code stop}, whose byte the array holds (the scan's slack). Zeek writes no spaces, so
   * the byte at hand is mostly a token's: one test, five times per member.
   */
  static int space(byte[] bytes, int at, int stop) {
    if (bytes[at] > ' ') {
      return at;
    }
    while (at < stop && (bytes[at] == ' ' || bytes[at] == '\t')) {
      at++;
    }
    return at;
  }

  /**
   * The hash of a member name in this scan's table ({@link FlatJsonScan#member(byte[], int)} takes
   * it): the first and last 8 bytes (or the bytes of a shorter name) and the length, a few
   * operations whatever the length, where the polynomial of {@link #hash} waits on a multiply per
   * byte. Names that agree on these are told apart by comparing their bytes.
   */
  static int nameHash(byte[] bytes, int start, int stop) {
    return mix(firstKey(bytes, start, stop), lastKey(bytes, start, stop), stop - start);
  }

  static int mix(long first, long last, int n) {
    long h = first * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(last * 0xC2B2AE3D27D4EB4FL, 31) ^ n;
    return (int) (h ^ h >>> 29 ^ h >>> 47);
  }

  /**
   * {@link String#hashCode()} of ASCII text, four bytes a step: the same polynomial, with the
   * powers of 31 multiplied in side by side instead of one after another.
   */
  static int hash(byte[] bytes, int start, int stop) {
    int h = 0;
    int i = start;
    for (; i + 4 <= stop; i += 4) {
      h = 923_521 * h + 29_791 * bytes[i] + 961 * bytes[i + 1] + 31 * bytes[i + 2] + bytes[i + 3];
    }
    for (; i < stop; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }
}
