package org.wuzhen.detect;

import java.nio.charset.StandardCharsets;

/**
 * A view of ASCII bytes as text, so a raw string of a line is probed against the plan's tables
 * without a {@code String} per value (most values of a line hit nothing). Pointed at a new range
 * with {@link #set}; valid while those bytes are. Mutable: one per reader.
 */
final class AsciiText implements CharSequence {
  private byte[] bytes = new byte[0];
  private int start;
  private int length;
  private int hash;
  private boolean hashed;
  private byte colon; // 0 not known, 1 no, 2 yes

  /** Views {@code [start, end)} of {@code bytes}, every byte of which is below 0x80. */
  AsciiText set(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.start = start;
    this.length = end - start;
    this.hashed = false;
    this.colon = 0;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return (char) bytes[start + index];
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return toString().substring(from, to);
  }

  /** {@link String#hashCode()} of the text, computed once per {@link #set}. */
  int textHash() {
    if (!hashed) {
      hash = JsonBytes.hash(bytes, start, start + length);
      hashed = true;
    }
    return hash;
  }

  /** {@link Ipv4Text#parse(CharSequence)} of the text, read from the bytes. */
  long ipv4() {
    return Ipv4Text.parse(bytes, start, start + length);
  }

  /** The address {@link #ipv6()} read last: high, then low 64 bits. */
  final long[] ipv6Bits = new long[2];

  /** {@link Ipv6Text#parse} of the text into {@link #ipv6Bits}: the prefix, or invalid. */
  int ipv6() {
    return Ipv6Text.parse(this, ipv6Bits);
  }

  /** Whether the text holds a colon (so it may be IPv6), found once per {@link #set}. */
  boolean hasColon() {
    if (colon == 0) {
      colon = contains(':') ? (byte) 2 : (byte) 1;
    }
    return colon == 2;
  }

  boolean contains(char c) {
    for (int i = start; i < start + length; i++) {
      if (bytes[i] == c) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
  }
}
