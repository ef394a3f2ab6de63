package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 digest in a transparency log: a leaf hash or the hash of a subtree. Immutable; the
 * bytes are copied in and out.
 */
public record LogHash(byte[] bytes) {
  public static final int LENGTH = 32;

  public LogHash {
    requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a log hash is " + LENGTH + " bytes (SHA-256), not " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Parses 64 hexadecimal digits; the message names what was wrong. */
  public static LogHash parseHex(String hex) {
    requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "a log hash is " + 2 * LENGTH + " hex digits, not " + hex.length());
    }
    try {
      return new LogHash(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a log hash is hex digits only: '" + hex + "'", e);
    }
  }

  /** Feeds the hash to a digest without copying it. */
  public void updateDigest(MessageDigest digest) {
    digest.update(bytes);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Reads one byte without copying the array. */
  public int byteAt(int index) {
    return bytes[index] & 0xff;
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
