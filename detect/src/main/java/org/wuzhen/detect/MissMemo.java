package org.wuzhen.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The raw bytes of each field's value on the last line where probing it hit nothing, so the same
 * value on the next line is not probed again: a sensor's lines repeat their values (the resolver,
 * the client of a burst, the name asked again; in the real dns log 80 to 90 % of addresses and
 * names equal the line before's). A probe's answer depends only on the text and the indexes, and
 * the text only on the raw bytes under one header, so the memo holds for as long as the indexes and
 * the header it was filled under: {@link #clear} it whenever either changes. Values longer than
 * {@value #MAX_BYTES} bytes are not kept. Mutable; one per reader.
 */
final class MissMemo {
  static final int MAX_BYTES = 128;

  private byte[][] values = new byte[0][];
  private int[] lengths = new int[0];

  /** Forgets every value; room for {@code fields} fields. */
  void clear(int fields) {
    if (values.length < fields) {
      // a word past the longest value kept, for the last word compared
      values = new byte[fields][MAX_BYTES + Long.BYTES];
      lengths = new int[fields];
    }
    Arrays.fill(lengths, -1);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Whether {@code [start, end)} of {@code b} is the value of field {@code f} that missed last.
   * Compared eight bytes at a time here, the last word masked, when 8 bytes of {@code b} follow the
   * value (always, in the buffer of {@link ByteLines}): values are short (an address, a name), and
   * {@link Arrays#equals} is a call out of line to a vector compare, a tenth of the probes' time.
   */
  boolean missed(int f, byte[] b, int start, int end) {
    int n = end - start;
    if (n != lengths[f]) {
      return false;
    }
    byte[] v = values[f];
    if (end > b.length - Long.BYTES) {
      return Arrays.equals(b, start, end, v, 0, n);
    }
    int i = 0;
    for (; i <= n - Long.BYTES; i += Long.BYTES) {
      if ((long) LONGS.get(b, start + i) != (long) LONGS.get(v, i)) {
        return false;
      }
    }
    long rest = ((long) LONGS.get(b, start + i) ^ (long) LONGS.get(v, i));
    return (rest & ((1L << ((n - i) << 3)) - 1)) == 0;
  }

  /** Notes that field {@code f}'s value {@code [start, end)} of {@code b} hit nothing. */
  void remember(int f, byte[] b, int start, int end) {
    int n = end - start;
    if (n > MAX_BYTES) {
      lengths[f] = -1;
      return;
    }
    System.arraycopy(b, start, values[f], 0, n);
    lengths[f] = n;
  }
}
