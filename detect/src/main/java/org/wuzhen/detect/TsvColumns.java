package org.wuzhen.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The columns of one Zeek TSV data line, as ranges of the reader's buffer, found eight bytes at a
 * time: either of a line whose end is known ({@link #split}), or in the same pass that finds where
 * the line ends ({@link #lineEnd}), so that the bytes of most lines are read once, not once for
 * their end ({@link ByteLines}) and again for their separators. ASCII lines only: a byte beyond
 * ASCII sends the line to the exact reading. Mutable scratch; one per reader.
 */
final class TsvColumns {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
  private static final long BACKSLASHES = '\\' * ONES;
  private static final long CONTROLS = (0x80 - 0x0E) * ONES;

  /**
   * Longest line split in one pass: {@link #bounds} has room for a separator per byte of it, so the
   * word loop needs no check for room. Longer lines (none of a sensor's logs, {@link
   * ByteLines#WHOLE_LINE}) are split the two-pass way.
   */
  static final int ONE_PASS_BYTES = 16 << 10;

  /**
   * Column {@code c} is {@code [bounds[c] + 1, bounds[c + 1])}: {@code bounds[0]} is one before the
   * line's start, then each separator, then the line's end; one store per separator.
   */
  private int[] bounds = new int[ONE_PASS_BYTES + 16];

  private int count;
  private boolean backslash;

  // The line lineEnd split, until split or splitAlready is asked about the next one.
  private byte[] splitBytes;
  private int splitStart;
  private int splitEnd;

  int count() {
    return count;
  }

  int start(int column) {
    return bounds[column] + 1;
  }

  int end(int column) {
    return bounds[column + 1];
  }

  /**
   * Where the line at {@code start} ends ({@link ByteLines.Ends}): the index of its {@code \n}, its
   * columns split at the ASCII byte {@code separator} on the way; -1 when a byte beyond ASCII or a
   * byte below 0x0E other than the separator comes first (a {@code \r} among them; 0x0E to 0x1F
   * stay in their column, as in the two passes), the line is longer than {@link #ONE_PASS_BYTES},
   * or its end is not before {@code limit} (then the line is searched and split the two-pass way).
   * Reads whole words, the last one past {@code limit} (the buffer's slack): what lies there is
   * never taken for this line.
   */
  int lineEnd(byte[] b, int start, int limit, int separator) {
    splitBytes = null;
    long separators = (separator & 0xffL) * ONES;
    long slashes = 0;
    int[] at = bounds;
    int n = 0;
    at[0] = start - 1;
    int to = Math.min(limit, start + ONE_PASS_BYTES + 1);
    for (int i = start; i < to; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i);
      // Where every byte is below 0x80, adding 0x7F (or 0x72) to one never carries into the next:
      // the high bit of each byte of the sum says whether that byte of the XOR is zero (or the
      // byte below 0x0E, the line ends among them). Below the first byte beyond ASCII (whose own
      // high bit flags it) no carry comes up, so each mask is exact up to the first byte that is a
      // control byte but the separator or beyond ASCII, and that byte ends the line or the pass.
      long found = ~((x ^ separators) + LOWS) & HIGHS;
      long slash = ~((x ^ BACKSLASHES) + LOWS) & HIGHS;
      long stops = (x | ~(x + CONTROLS) & ~found) & HIGHS;
      if (stops != 0) {
        int stop = Long.numberOfTrailingZeros(stops) >>> 3;
        int end = i + stop;
        if (end >= to || b[end] != '\n') {
          return -1;
        }
        long below = (1L << (stop << 3)) - 1;
        n = separators(at, n, found & below, i);
        at[n + 1] = end;
        count = n + 1;
        backslash = (slashes | slash & below) != 0;
        splitBytes = b;
        splitStart = start;
        splitEnd = end;
        return end;
      }
      slashes |= slash;
      n = separators(at, n, found, i);
    }
    return -1;
  }

  /**
   * Notes each separator flagged in {@code found} (the word at {@code i}) after the {@code n}th.
   */
  private static int separators(int[] at, int n, long found, int i) {
    while (found != 0) {
      at[++n] = i + (Long.numberOfTrailingZeros(found) >>> 3);
      found &= found - 1;
    }
    return n;
  }

  /**
   * Whether {@code [start, end)} of {@code b} is the line {@link #lineEnd} split last (then its
   * columns are here); asked once per line, as the note is dropped.
   */
  boolean splitAlready(byte[] b, int start, int end) {
    boolean same = b == splitBytes && start == splitStart && end == splitEnd;
    splitBytes = null;
    return same;
  }

  /**
   * Finds the columns of {@code [start, end)} split at the ASCII byte {@code separator}, eight
   * bytes at a time; false when a byte is beyond ASCII (the line is then decoded the exact way).
   * Notes whether the line holds a backslash (only then can a column hold an escape).
   */
  boolean split(byte[] b, int start, int end, int separator) {
    splitBytes = null;
    if (bounds.length < end - start + 16) {
      bounds = new int[end - start + 16];
    }
    int[] at = bounds;
    long separators = (separator & 0xffL) * ONES;
    long slashes = 0;
    int n = 0;
    at[0] = start - 1;
    int i = start;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(b, i);
      if ((x & HIGHS) != 0) {
        return false;
      }
      slashes |= ~((x ^ BACKSLASHES) + LOWS) & HIGHS;
      n = separators(at, n, ~((x ^ separators) + LOWS) & HIGHS, i);
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c < 0) {
        return false;
      }
      if (c == separator) {
        at[++n] = i;
      } else if (c == '\\') {
        slashes = 1;
      }
    }
    at[n + 1] = end;
    count = n + 1;
    backslash = slashes != 0;
    return true;
  }

  /** No backslash: {@link TsvHeader#unescape} would give the column as it is. */
  boolean plain(byte[] b, int s, int e) {
    if (!backslash) {
      return true;
    }
    for (int i = s; i < e; i++) {
      if (b[i] == '\\') {
        return false;
      }
    }
    return true;
  }

  /** The columns of the line split last, as {@link TsvHeader#split} gives them. */
  String[] values(byte[] b) {
    String[] values = new String[count];
    for (int c = 0; c < values.length; c++) {
      values[c] = new String(b, start(c), end(c) - start(c), StandardCharsets.ISO_8859_1);
    }
    return values;
  }
}
