package org.wuzhen.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
  private static final long LINE_FEEDS = '\n' * ONES;
  private static final long RETURNS = '\r' * ONES;

  private int[] starts = new int[64];
  private int[] ends = new int[64];
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
    return starts[column];
  }

  int end(int column) {
    return ends[column];
  }

  /**
   * Where the line at {@code start} ends ({@link ByteLines.Ends}): the index of its {@code \n}, its
   * columns split at the ASCII byte {@code separator} on the way; -1 when a byte beyond ASCII or a
   * {@code \r} comes first, the line is longer than {@link ByteLines#MAX_LINE_BYTES}, or its end is
   * not before {@code limit} (then the line is searched and split the two-pass way). Reads whole
   * words, the last one past {@code limit} (the buffer's slack): what lies there is never taken for
   * this line. {@code separator} must be neither {@code \n} nor {@code \r}.
   */
  int lineEnd(byte[] b, int start, int limit, int separator) {
    splitBytes = null;
    long separators = (separator & 0xffL) * ONES;
    long slashes = 0;
    int columns = 0;
    int from = start;
    int to = (int) Math.min(limit, start + (long) ByteLines.MAX_LINE_BYTES + 1);
    for (int i = start; i < to; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i);
      // Where every byte is below 0x80, adding 0x7F to one never carries into the next: the high
      // bit of each byte of the sum is set exactly when that byte of the XOR is not zero. Below the
      // first byte beyond ASCII (whose own high bit flags it) no carry comes up, so each mask is
      // exact up to the first byte that is a line end or beyond ASCII, and that byte ends the line.
      long found = ~((x ^ separators) + LOWS) & HIGHS;
      long slash = ~((x ^ BACKSLASHES) + LOWS) & HIGHS;
      long stops = (x | ~(((x ^ LINE_FEEDS) + LOWS) & ((x ^ RETURNS) + LOWS))) & HIGHS;
      if (stops != 0) {
        int at = Long.numberOfTrailingZeros(stops) >>> 3;
        int end = i + at;
        if (end >= to || b[end] != '\n') {
          return -1;
        }
        long below = (1L << (at << 3)) - 1;
        columns = columns(found & below, i, columns, from);
        if (columns > 0) {
          from = ends[columns - 1] + 1;
        }
        finish(columns, from, end, (slashes | slash & below) != 0);
        splitBytes = b;
        splitStart = start;
        splitEnd = end;
        return end;
      }
      slashes |= slash;
      if (found != 0) {
        columns = columns(found, i, columns, from);
        from = ends[columns - 1] + 1;
      }
    }
    return -1;
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
    long separators = (separator & 0xffL) * ONES;
    long slashes = 0;
    int columns = 0;
    int from = start;
    int i = start;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(b, i);
      if ((x & HIGHS) != 0) {
        return false;
      }
      long found = ~((x ^ separators) + LOWS) & HIGHS;
      slashes |= ~((x ^ BACKSLASHES) + LOWS) & HIGHS;
      if (found != 0) {
        columns = columns(found, i, columns, from);
        from = ends[columns - 1] + 1;
      }
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c < 0) {
        return false;
      }
      if (c == separator) {
        if (columns + 1 >= starts.length) {
          grow();
        }
        starts[columns] = from;
        ends[columns] = i;
        columns++;
        from = i + 1;
      } else if (c == '\\') {
        slashes = 1;
      }
    }
    finish(columns, from, end, slashes != 0);
    return true;
  }

  /**
   * Adds a column ending at each separator flagged in {@code found} (a high bit per byte of the
   * word at {@code i}), the first starting at {@code from}; the number of columns after them.
   */
  private int columns(long found, int i, int columns, int from) {
    if (columns + 8 >= starts.length) {
      grow();
    }
    while (found != 0) {
      int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
      starts[columns] = from;
      ends[columns] = at;
      columns++;
      from = at + 1;
      found &= found - 1;
    }
    return columns;
  }

  private void finish(int columns, int from, int end, boolean slashes) {
    if (columns + 1 >= starts.length) {
      grow();
    }
    starts[columns] = from;
    ends[columns] = end;
    count = columns + 1;
    backslash = slashes;
  }

  private void grow() {
    starts = Arrays.copyOf(starts, starts.length * 2);
    ends = Arrays.copyOf(ends, ends.length * 2);
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
      values[c] = new String(b, starts[c], ends[c] - starts[c], StandardCharsets.ISO_8859_1);
    }
    return values;
  }
}
