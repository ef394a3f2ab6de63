package org.wuzhen.detect;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.wuzhen.pattern.IpNetwork;

/**
 * The {@code ISSUBSET} blocks of one address family on one path, for a million of them: an
 * immutable open-addressing table keyed by (network bits, prefix length), 128-bit addresses as two
 * longs (IPv4 in the top 32 bits), plus the sorted distinct prefix lengths. A value's containing
 * blocks are found by masking it to each stored length no longer than its own prefix and probing
 * once per length: at most 33 (IPv4) or 129 (IPv6) probes, usually a handful. Host bits below a
 * block's prefix are ignored, as in {@link IpNetwork#contains} (STIX 2.1 §9.6.1). About 35 bytes
 * per block, no object per block. Thread-safe.
 */
final class BlockTable {
  private static final double LOAD = 0.6;
  private static final byte EMPTY = -1;

  private final long[] high;
  private final long[] low;
  private final byte[] prefix;
  private final int[] posting;
  private final int[] lengths;

  /** One key of the table: a block with its host bits cleared. */
  record Key(long high, long low, int prefix) {
    static Key of(IpNetwork block) {
      long[] bits = bits(block);
      return new Key(
          mask(bits[0], block.prefix()), mask(bits[1], block.prefix() - 64), block.prefix());
    }
  }

  /** Builds the table; {@code postings} maps each block to its packed posting. */
  BlockTable(Map<Key, Integer> postings) {
    int capacity = Math.max(2, (int) Math.ceil(postings.size() / LOAD));
    high = new long[capacity];
    low = new long[capacity];
    prefix = new byte[capacity];
    posting = new int[capacity];
    Arrays.fill(prefix, EMPTY);
    TreeSet<Integer> distinct = new TreeSet<>();
    for (Map.Entry<Key, Integer> e : postings.entrySet()) {
      Key k = e.getKey();
      int i = home(k.high(), k.low(), k.prefix(), capacity);
      while (prefix[i] != EMPTY) {
        i = i + 1 == capacity ? 0 : i + 1;
      }
      high[i] = k.high();
      low[i] = k.low();
      prefix[i] = (byte) k.prefix();
      posting[i] = e.getValue();
      distinct.add(k.prefix());
    }
    lengths = distinct.stream().mapToInt(Integer::intValue).toArray();
  }

  private BlockTable(long[] high, long[] low, byte[] prefix, int[] posting, int[] lengths) {
    if (low.length != high.length
        || prefix.length != high.length
        || posting.length != high.length) {
      throw new IllegalStateException("a block table with columns of unequal lengths");
    }
    this.high = high;
    this.low = low;
    this.prefix = prefix;
    this.posting = posting;
    this.lengths = lengths;
  }

  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writeLongs(high, high.length);
    out.writeLongs(low, low.length);
    out.writeBytes(prefix);
    out.writeInts(posting);
    out.writeInts(lengths);
  }

  static BlockTable readFrom(PlanFile.In in) {
    return new BlockTable(
        in.readLongs(), in.readLongs(), in.readBytes(), in.readInts(), in.readInts());
  }

  boolean isEmpty() {
    return lengths.length == 0;
  }

  /**
   * Adds every indicator whose block contains {@code value} (an address or block) to {@code out}.
   */
  void collectContaining(IpNetwork value, Postings postings, Hits out) {
    long[] bits = bits(value);
    collectContaining(bits[0], bits[1], value.prefix(), postings, out);
  }

  /** As {@link #collectContaining(IpNetwork, Postings, Hits)} for the address as two longs. */
  void collectContaining(
      long valueHigh, long valueLow, int valuePrefix, Postings postings, Hits out) {
    for (int length : lengths) {
      if (length > valuePrefix) {
        return;
      }
      long h = mask(valueHigh, length);
      long l = mask(valueLow, length - 64);
      int i = home(h, l, length, prefix.length);
      while (prefix[i] != EMPTY) {
        if (prefix[i] == length && high[i] == h && low[i] == l) {
          postings.collect(posting[i], out);
          break;
        }
        i = i + 1 == prefix.length ? 0 : i + 1;
      }
    }
  }

  /** The address as two longs, most significant bit first; IPv4 fills the top 32 bits. */
  private static long[] bits(IpNetwork n) {
    byte[] a = n.address();
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (i < a.length ? a[i] & 0xff : 0);
      l = (l << 8) | (i + 8 < a.length ? a[i + 8] & 0xff : 0);
    }
    return new long[] {h, l};
  }

  /**
   * Keeps the first {@code bits} bits of a 64-bit half (all for 64 or more, none for 0 or less).
   */
  private static long mask(long half, int bits) {
    return bits <= 0 ? 0 : bits >= 64 ? half : half & (-1L << (64 - bits));
  }

  private static int home(long high, long low, int prefix, int length) {
    long mixed = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL) ^ prefix;
    mixed ^= mixed >>> 29;
    return (int) (((mixed >>> 32) * length) >>> 32);
  }
}
