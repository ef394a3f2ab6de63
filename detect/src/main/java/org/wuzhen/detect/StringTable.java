package org.wuzhen.detect;

import java.util.Map;

/**
 * An immutable hash table from exact strings to packed postings ({@link Postings}), laid out for a
 * million keys: every key is stored once in one byte array (a length header, then the text as
 * Latin-1 when every char fits, else as UTF-16, then the 4-byte posting) and the table is one long
 * array of slots, each the key's 32-bit hash and its offset, probed linearly. No object per key: a
 * key costs its text, about 6 bytes of header and posting, and 8 bytes per slot at a load of at
 * most 0.6. A lookup compares the text only when the stored hash equals the value's {@link
 * String#hashCode()} (which the JVM caches in the string). Thread-safe.
 */
final class StringTable {
  private static final double LOAD = 0.6;

  private final byte[] keys;
  private final long[] slots;
  private final int size;

  /** Builds the table; {@code postings} maps each key to its packed posting. */
  StringTable(Map<String, Integer> postings) {
    this.size = postings.size();
    long bytes = 0;
    for (String k : postings.keySet()) {
      bytes += 5 + 2L * k.length() + 4; // at most: Latin-1 keys take half
    }
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("exact keys: " + bytes + " bytes do not fit one table");
    }
    byte[] arena = new byte[(int) bytes];
    long[] table = new long[Math.max(2, (int) Math.ceil(size / LOAD))];
    int used = 0;
    for (Map.Entry<String, Integer> e : postings.entrySet()) {
      String k = e.getKey();
      int offset = used;
      used = write(arena, used, k);
      used = writeInt(arena, used, e.getValue());
      int hash = k.hashCode();
      int i = home(hash, table.length);
      while (table[i] != 0) {
        i = i + 1 == table.length ? 0 : i + 1;
      }
      // offset + 1, so that an empty slot (0) never looks like a key at offset 0.
      table[i] = ((long) hash << 32) | (offset + 1L);
    }
    this.keys = java.util.Arrays.copyOf(arena, used);
    this.slots = table;
  }

  private StringTable(byte[] keys, long[] slots, int size) {
    this.keys = keys;
    this.slots = slots;
    this.size = size;
  }

  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writeInt(size);
    out.writeBytes(keys);
    out.writeLongs(slots, slots.length);
  }

  static StringTable readFrom(PlanFile.In in) {
    int size = in.readInt();
    byte[] keys = in.readBytes();
    long[] slots = in.readLongs();
    if (size < 0 || slots.length < 2 || size >= slots.length) {
      throw new IllegalStateException("a string table of " + size + " keys in " + slots.length);
    }
    return new StringTable(keys, slots, size);
  }

  int size() {
    return size;
  }

  /** Copies the hash code of every key into {@code out} from {@code at}; returns the new end. */
  int copyHashes(int[] out, int at) {
    for (long slot : slots) {
      if (slot != 0) {
        out[at++] = (int) (slot >>> 32);
      }
    }
    return at;
  }

  /** The packed posting of {@code key}, or {@link Postings#NONE}. */
  int get(CharSequence key) {
    return get(key, key instanceof AsciiText a ? a.textHash() : key.hashCode());
  }

  /** As {@link #get(CharSequence)}, {@code hash} being the key's {@link String#hashCode}. */
  int get(CharSequence key, int hash) {
    if (size == 0) {
      return Postings.NONE;
    }
    int i = home(hash, slots.length);
    while (true) {
      long slot = slots[i];
      if (slot == 0) {
        return Postings.NONE;
      }
      if ((int) (slot >>> 32) == hash) {
        int at = (int) slot - 1;
        int end = matchEnd(at, key);
        if (end >= 0) {
          return readInt(end);
        }
      }
      i = i + 1 == slots.length ? 0 : i + 1;
    }
  }

  /** Lemire's multiply-shift maps a mixed hash onto [0, length) without a division. */
  private static int home(int hash, int length) {
    int mixed = hash * 0x9E3779B9;
    return (int) (((mixed & 0xffffffffL) * length) >>> 32);
  }

  /**
   * Writes the header (length &lt;&lt; 1 | wide, as a varint) and the text, as Latin-1 unless a
   * char needs more (then again, as UTF-16); returns the end.
   */
  private static int write(byte[] out, int at, String s) {
    int end = writeText(out, at, s, false);
    return end >= 0 ? end : writeText(out, at, s, true);
  }

  /** The end, or -1 when {@code wide} is false and some char is above U+00FF. */
  private static int writeText(byte[] out, int at, String s, boolean wide) {
    int header = (s.length() << 1) | (wide ? 1 : 0);
    while ((header & ~0x7f) != 0) {
      out[at++] = (byte) ((header & 0x7f) | 0x80);
      header >>>= 7;
    }
    out[at++] = (byte) header;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (wide) {
        out[at++] = (byte) (c >>> 8);
      } else if (c > 0xff) {
        return -1;
      }
      out[at++] = (byte) c;
    }
    return at;
  }

  private static int writeInt(byte[] out, int at, int v) {
    out[at] = (byte) (v >>> 24);
    out[at + 1] = (byte) (v >>> 16);
    out[at + 2] = (byte) (v >>> 8);
    out[at + 3] = (byte) v;
    return at + 4;
  }

  private int readInt(int at) {
    return ((keys[at] & 0xff) << 24)
        | ((keys[at + 1] & 0xff) << 16)
        | ((keys[at + 2] & 0xff) << 8)
        | (keys[at + 3] & 0xff);
  }

  /** The offset after the key stored at {@code at} when it equals {@code s}, else -1. */
  private int matchEnd(int at, CharSequence s) {
    int header = 0;
    int shift = 0;
    byte b;
    do {
      b = keys[at++];
      header |= (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0);
    if (header >>> 1 != s.length()) {
      return -1;
    }
    boolean wide = (header & 1) != 0;
    for (int i = 0; i < s.length(); i++) {
      char c;
      if (wide) {
        c = (char) (((keys[at] & 0xff) << 8) | (keys[at + 1] & 0xff));
        at += 2;
      } else {
        c = (char) (keys[at++] & 0xff);
      }
      if (c != s.charAt(i)) {
        return -1;
      }
    }
    return at;
  }
}
