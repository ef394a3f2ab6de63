package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.wuzhen.pattern.IpNetwork;

/**
 * The {@code ISSUBSET} blocks of one address family on one path, for a million of them, as sorted
 * ranges: the blocks' starts and ends cut the address space into intervals, and each interval knows
 * the blocks that cover it (CIDR blocks never overlap partly, so those are a chain of nested
 * blocks, kept outermost first). A value's containing blocks are found with one search for its
 * interval, however many prefix lengths the blocks have: a directory on the high bits of the
 * interval starts narrows the search to a few entries (about 3 cache lines read for an address in
 * no block, where probing a hash table once per stored prefix length read 1 to 3 per length).
 * Addresses are 128 bits as two longs (IPv4 in the top 32 bits). Host bits below a block's prefix
 * are ignored, as in {@link IpNetwork#contains} (STIX 2.1 §9.6.1). About 45 bytes per block plus a
 * directory of at most 256 KiB; no object per block. Thread-safe.
 */
final class BlockTable {
  private static final int NO_BLOCK = -1;
  private static final int DIRECTORY_BITS = 16;

  /** The interval starts, ascending as unsigned 128-bit numbers. */
  private final long[] startHigh;

  private final long[] startLow;

  /** Per interval: {@link #NO_BLOCK}, a block's number, or {@code -(2 + offset)} into chains. */
  private final int[] cover;

  /** At each offset a count, then that many block numbers, outermost (shortest prefix) first. */
  private final int[] chains;

  /** Each block's prefix length, 0 to 128: read as unsigned ({@code & 0xff}). */
  private final byte[] blockPrefix;

  private final int[] blockPosting;

  /** Derived on construction: the first interval whose start lies in or after each bucket. */
  private final int[] directory;

  private final int shift;
  private final long bucketMask;

  /** One key of the table: a block with its host bits cleared. */
  record Key(long high, long low, int prefix) {
    static Key of(IpNetwork block) {
      long[] bits = bits(block);
      return new Key(
          mask(bits[0], block.prefix()), mask(bits[1], block.prefix() - 64), block.prefix());
    }

    long endHigh() {
      return high | ~mask(-1L, prefix);
    }

    long endLow() {
      return low | ~mask(-1L, prefix - 64);
    }
  }

  /** Builds the table; {@code postings} maps each block to its packed posting. */
  BlockTable(Map<Key, Integer> postings) {
    List<Map.Entry<Key, Integer>> blocks = new ArrayList<>(postings.entrySet());
    blocks.sort(
        (a, b) -> {
          int c = compare(a.getKey().high(), a.getKey().low(), b.getKey().high(), b.getKey().low());
          return c != 0 ? c : Integer.compare(a.getKey().prefix(), b.getKey().prefix());
        });
    int count = blocks.size();
    blockPrefix = new byte[count];
    blockPosting = new int[count];
    long[] bh = new long[2 * count];
    long[] bl = new long[2 * count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      Key k = blocks.get(i).getKey();
      blockPrefix[i] = (byte) k.prefix();
      blockPosting[i] = blocks.get(i).getValue();
      bh[n] = k.high();
      bl[n++] = k.low();
      long eh = k.endHigh();
      long el = k.endLow();
      if (eh != -1L || el != -1L) { // the interval after the block starts at its end + 1
        bl[n] = el + 1;
        bh[n++] = el == -1L ? eh + 1 : eh;
      }
    }
    int[] order = sortedDistinct(bh, bl, n);
    startHigh = new long[order.length];
    startLow = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      startHigh[i] = bh[order[i]];
      startLow[i] = bl[order[i]];
    }
    cover = new int[order.length];
    List<Integer> chainList = new ArrayList<>();
    int[] stack = new int[130];
    int depth = 0;
    int next = 0;
    for (int i = 0; i < startHigh.length; i++) {
      long h = startHigh[i];
      long l = startLow[i];
      Key top;
      while (depth > 0
          && compare((top = blocks.get(stack[depth - 1]).getKey()).endHigh(), top.endLow(), h, l)
              < 0) {
        depth--;
      }
      while (next < count
          && blocks.get(next).getKey().high() == h
          && blocks.get(next).getKey().low() == l) {
        stack[depth++] = next++;
      }
      if (depth == 0) {
        cover[i] = NO_BLOCK;
      } else if (depth == 1) {
        cover[i] = stack[0];
      } else {
        cover[i] = -(2 + chainList.size());
        chainList.add(depth);
        for (int d = 0; d < depth; d++) {
          chainList.add(stack[d]);
        }
      }
    }
    chains = chainList.stream().mapToInt(Integer::intValue).toArray();
    int[] dir = directoryOf(startHigh);
    directory = dir;
    shift = shiftOf(startHigh);
    bucketMask = dir.length == 0 ? 0 : dir.length - 2;
  }

  private BlockTable(
      long[] startHigh,
      long[] startLow,
      int[] cover,
      int[] chains,
      byte[] blockPrefix,
      int[] blockPosting) {
    if (startLow.length != startHigh.length
        || cover.length != startHigh.length
        || blockPosting.length != blockPrefix.length) {
      throw new IllegalStateException("a block table with columns of unequal lengths");
    }
    for (int c : cover) {
      if (c >= blockPrefix.length || (c < NO_BLOCK && -(c + 2) >= chains.length)) {
        throw new IllegalStateException("a block table whose intervals name no block: " + c);
      }
    }
    this.startHigh = startHigh;
    this.startLow = startLow;
    this.cover = cover;
    this.chains = chains;
    this.blockPrefix = blockPrefix;
    this.blockPosting = blockPosting;
    this.directory = directoryOf(startHigh);
    this.shift = shiftOf(startHigh);
    this.bucketMask = directory.length == 0 ? 0 : directory.length - 2;
  }

  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writeLongs(startHigh, startHigh.length);
    out.writeLongs(startLow, startLow.length);
    out.writeInts(cover);
    out.writeInts(chains);
    out.writeBytes(blockPrefix);
    out.writeInts(blockPosting);
  }

  static BlockTable readFrom(PlanFile.In in) {
    return new BlockTable(
        in.readLongs(),
        in.readLongs(),
        in.readInts(),
        in.readInts(),
        in.readBytes(),
        in.readInts());
  }

  boolean isEmpty() {
    return blockPrefix.length == 0;
  }

  /**
   * Adds every indicator whose block contains {@code value} (an address or block) to {@code out}.
   */
  void collectContaining(IpNetwork value, Postings postings, Hits out) {
    long[] bits = bits(value);
    collectContaining(bits[0], bits[1], value.prefix(), postings, out);
  }

  /**
   * As {@link #collectContaining(IpNetwork, Postings, Hits)} for the address as two longs: the
   * blocks covering the value's first address, of a prefix no longer than the value's own.
   */
  void collectContaining(
      long valueHigh, long valueLow, int valuePrefix, Postings postings, Hits out) {
    int i = interval(valueHigh, valueLow);
    if (i < 0) {
      return;
    }
    int c = cover[i];
    if (c >= 0) {
      if ((blockPrefix[c] & 0xff) <= valuePrefix) {
        postings.collect(blockPosting[c], out);
      }
    } else if (c != NO_BLOCK) {
      int at = -(c + 2);
      for (int k = at + 1; k <= at + chains[at]; k++) {
        int block = chains[k];
        if ((blockPrefix[block] & 0xff) > valuePrefix) {
          return; // the rest are longer still
        }
        postings.collect(blockPosting[block], out);
      }
    }
  }

  /** The last interval starting at or before the address, or -1 when it precedes them all. */
  private int interval(long h, long l) {
    int n = startHigh.length;
    if (n == 0 || compare(h, l, startHigh[0], startLow[0]) < 0) {
      return -1;
    }
    if (compare(h, l, startHigh[n - 1], startLow[n - 1]) >= 0) {
      return n - 1;
    }
    // Between the first and last start, so the high bits above the directory's are theirs.
    int bucket = (int) ((h >>> shift) & bucketMask);
    int lo = directory[bucket];
    int hi = directory[bucket + 1] - 1;
    int found = lo - 1; // the last start before the bucket, when none in it is at or before h:l
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(startHigh[mid], startLow[mid], h, l) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * The bits of the directory are the first {@link #DIRECTORY_BITS} (or fewer, for few starts)
   * after those all starts share; this is how far they are shifted down.
   */
  private static int shiftOf(long[] startHigh) {
    int n = startHigh.length;
    if (n < 2) {
      return 0;
    }
    int shared = Long.numberOfLeadingZeros(startHigh[0] ^ startHigh[n - 1]);
    return Math.max(0, 64 - shared - bitsFor(n));
  }

  private static int bitsFor(int starts) {
    return Math.min(DIRECTORY_BITS, 32 - Integer.numberOfLeadingZeros(starts));
  }

  /** directory[b] is the first start whose bucket is b or later; one more entry ends the last. */
  private static int[] directoryOf(long[] startHigh) {
    int n = startHigh.length;
    if (n < 2) {
      return new int[] {0, n};
    }
    int shift = shiftOf(startHigh);
    int shared = Long.numberOfLeadingZeros(startHigh[0] ^ startHigh[n - 1]);
    int bits = Math.min(64 - shared, bitsFor(n));
    int buckets = 1 << bits;
    long mask = buckets - 1;
    int[] dir = new int[buckets + 1];
    int s = 0;
    for (int b = 0; b < buckets; b++) {
      while (s < n && ((startHigh[s] >>> shift) & mask) < b) {
        s++;
      }
      dir[b] = s;
    }
    dir[buckets] = n;
    return dir;
  }

  private static int[] sortedDistinct(long[] high, long[] low, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> compare(high[a], low[a], high[b], low[b]));
    int[] out = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m == 0
          || compare(high[order[i]], low[order[i]], high[out[m - 1]], low[out[m - 1]]) != 0) {
        out[m++] = order[i];
      }
    }
    return Arrays.copyOf(out, m);
  }

  /** Compares two 128-bit addresses as unsigned numbers. */
  private static int compare(long h1, long l1, long h2, long l2) {
    int c = Long.compareUnsigned(h1, h2);
    return c != 0 ? c : Long.compareUnsigned(l1, l2);
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
}
