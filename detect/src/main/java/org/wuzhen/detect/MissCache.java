package org.wuzhen.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Per field, the last few hundred values that probing found in no index, so a value seen some lines
 * before is not probed again. {@link MissMemo} keeps only the line before's value; past it, the
 * real Zeek logs still repeat: of the 81,912 values the TSV dns and ssl logs probe after the memo,
 * 93 % were probed before in the same field (their clients, resolvers and names: about 5,700
 * distinct values), and a probe of a value in no index costs a read of the plan's filter, an
 * address's parse and block search or a name's NFC keys. A probe's answer depends only on the text
 * and the field's indexes, so an entry holds until those change: {@link #clear} it whenever the
 * header or the plan does. Exact: an entry answers only for the same bytes, compared in full (its
 * hash only picks the set). Two ways of {@value #SETS} sets per field, values of up to {@value
 * #MAX_BYTES} bytes (98 % of the probed values of those logs); each set keeps its newer entry
 * first. Mutable; one per reader (a TSV reader's), or per log a reader checks (Zeek JSON).
 */
final class MissCache {
  static final int MAX_BYTES = 32;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int SETS = 256;
  private static final int WAYS = 2;
  private static final int SLOTS = SETS * WAYS;

  /** Per slot: the value's hash in the high 32 bits, its length + 1 in the low ones; 0 is empty. */
  private long[] keys = new long[0];

  private byte[] values = new byte[0];

  private int fields;

  /**
   * Forgets every value; room for {@code fields} fields, made at the first value remembered (a
   * reader makes one per log it may meet, and most meet one or two: 20 KB a field).
   */
  void clear(int fields) {
    this.fields = fields;
    if (keys.length < fields * SLOTS) {
      keys = new long[0];
      values = new byte[0];
    } else {
      Arrays.fill(keys, 0L);
    }
  }

  /**
   * Whether {@code [start, end)} of {@code b} is a value of field {@code f} remembered as missing.
   */
  boolean missed(int f, byte[] b, int start, int end) {
    if (keys.length == 0) {
      return false; // nothing remembered yet
    }
    int hash = hash(b, start, end);
    long key = key(hash, end - start);
    int slot = slot(f, hash);
    for (int w = 0; w < WAYS; w++, slot++) {
      if (keys[slot] == key) {
        int at = slot * MAX_BYTES;
        if (Arrays.equals(values, at, at + end - start, b, start, end)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Notes that field {@code f}'s value {@code [start, end)} of {@code b} hit nothing. */
  void remember(int f, byte[] b, int start, int end) {
    int n = end - start;
    if (n > MAX_BYTES) {
      return;
    }
    if (keys.length == 0) {
      keys = new long[fields * SLOTS];
      values = new byte[fields * SLOTS * MAX_BYTES];
    }
    int hash = hash(b, start, end);
    int first = slot(f, hash);
    // The older entry of the set makes way: the newer moves to the second way.
    System.arraycopy(values, first * MAX_BYTES, values, (first + 1) * MAX_BYTES, MAX_BYTES);
    keys[first + 1] = keys[first];
    System.arraycopy(b, start, values, first * MAX_BYTES, n);
    keys[first] = key(hash, n);
  }

  /** Of the first and last eight bytes (or all, when fewer) and the length. */
  static int hash(byte[] b, int start, int end) {
    int n = end - start;
    long x = n;
    if (n >= 8) {
      x ^= (long) LONGS.get(b, start) ^ Long.rotateLeft((long) LONGS.get(b, end - 8), 29);
    } else {
      for (int i = start; i < end; i++) {
        x = (x << 8) ^ b[i];
      }
    }
    x *= 0x9E3779B97F4A7C15L;
    return (int) (x ^ (x >>> 32));
  }

  private static long key(int hash, int length) {
    return ((long) hash << 32) | (length + 1);
  }

  /** The first slot of the set of {@code hash} in field {@code f}'s slots. */
  private static int slot(int f, int hash) {
    int set = (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SETS));
    return f * SLOTS + set * WAYS;
  }
}
