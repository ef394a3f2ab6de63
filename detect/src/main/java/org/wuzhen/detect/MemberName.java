package org.wuzhen.detect;

import java.nio.charset.StandardCharsets;

/**
 * A member name as the tape looks it up: its ASCII bytes, their first 8 packed in a long, and a
 * hash of its first and last 8 bytes and its length (a few operations whatever the length, where a
 * polynomial waits on a multiply per byte). Made once per name a reader asks for. Immutable.
 */
final class MemberName {
  /** The names asked for: a format's few dozen (bounded in case a caller's are not). */
  private static final java.util.Map<String, MemberName> KNOWN =
      new java.util.concurrent.ConcurrentHashMap<>();

  final String text;
  final byte[] bytes;
  final long prefix;

  /** The last 8 bytes packed, when there are more than 8; else 0. */
  final long suffix;

  final int hash;

  private MemberName(String text, byte[] bytes) {
    this.text = text;
    this.bytes = bytes;
    this.prefix = pack(bytes, 0, Math.min(8, bytes.length));
    this.suffix = bytes.length > 8 ? pack(bytes, bytes.length - 8, bytes.length) : 0;
    this.hash = hash(prefix, suffix, bytes.length);
  }

  /** The name, or null when it holds a char beyond ASCII (no scanned name can equal it). */
  static MemberName of(String text) {
    MemberName known = KNOWN.get(text);
    if (known != null) {
      return known;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return null;
      }
    }
    MemberName made = new MemberName(text, text.getBytes(StandardCharsets.US_ASCII));
    if (KNOWN.size() < 10_000) {
      KNOWN.put(text, made);
    }
    return made;
  }

  /** Each of {@link #of(String)}; an element null where its part is not ASCII. */
  static MemberName[] of(String[] parts) {
    MemberName[] out = new MemberName[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = of(parts[i]);
    }
    return out;
  }

  static long pack(byte[] bytes, int from, int to) {
    long x = 0;
    for (int i = to - 1; i >= from; i--) {
      x = x << 8 | (bytes[i] & 0xff);
    }
    return x;
  }

  static int hash(long first, long last, int length) {
    long h = first * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(last * 0xC2B2AE3D27D4EB4FL, 31) ^ length;
    return (int) (h ^ h >>> 29 ^ h >>> 47);
  }

  @Override
  public String toString() {
    return text;
  }
}
