package org.wuzhen.detect;

/**
 * A register-blocked Bloom filter over the 32-bit {@link String#hashCode} of keys: each key sets
 * {@value #BITS} bits of one 64-bit word, so a lookup reads one word, where probing the exact
 * tables it stands in front of reads one slot per table of a million keys (a cache miss each). It
 * answers "maybe" for every key it was given and for about 1 % of other hash codes (at {@value
 * #BITS_PER_KEY} bits per key); a "maybe" is then settled by the exact tables, so the filter never
 * changes an answer, only how often the tables are read. Immutable and thread-safe.
 */
final class HashFilter {
  private static final int BITS_PER_KEY = 16;
  private static final int BITS = 4;

  /** A filter that says "maybe" to everything: for when the hash codes are not known. */
  static final HashFilter ALL = new HashFilter(new long[] {-1L});

  private final long[] words;

  private HashFilter(long[] words) {
    this.words = words;
  }

  /** A filter holding {@code count} hash codes, the first {@code count} of {@code hashes}. */
  static HashFilter of(int[] hashes, int count) {
    long[] words = new long[Math.max(1, (int) Math.min(1 << 28, (long) count * BITS_PER_KEY / 64))];
    for (int i = 0; i < count; i++) {
      long mixed = mix(hashes[i]);
      words[word(mixed, words.length)] |= bits(mixed);
    }
    return new HashFilter(words);
  }

  /** Saves the filter with a plan ({@link PlanCache}). */
  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writeLongs(words, words.length);
  }

  /** The filter {@link #writeTo} saved; any non-empty array of words is a filter. */
  static HashFilter readFrom(PlanFile.In in) {
    long[] words = in.readLongs();
    if (words.length == 0) {
      throw new IllegalStateException("a hash filter of no words");
    }
    return new HashFilter(words);
  }

  /** False only when no key given to {@link #of} has this hash code. */
  boolean mayHold(int hash) {
    long mixed = mix(hash);
    long bits = bits(mixed);
    return (words[word(mixed, words.length)] & bits) == bits;
  }

  /** The filter's size in bytes. */
  long bytes() {
    return 8L * words.length;
  }

  /** murmur3's 64-bit finaliser over the hash code, so that near codes land far apart. */
  private static long mix(int hash) {
    long h = hash * 0x9E3779B97F4A7C15L;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /** The top 32 bits pick the word (multiply-shift onto [0, length)). */
  private static int word(long mixed, int length) {
    return (int) (((mixed >>> 32) * length) >>> 32);
  }

  /** Four 6-bit fields of the low 32 bits pick the bits within the word. */
  private static long bits(long mixed) {
    return (1L << mixed) | (1L << (mixed >>> 6)) | (1L << (mixed >>> 12)) | (1L << (mixed >>> 18));
  }
}
