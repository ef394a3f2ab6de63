package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The exact JSON text of a stored object as UTF-8 bytes, the form it is stored and served in: a
 * page of objects goes from the database to the response without being decoded into Java strings
 * and encoded back. Immutable; {@link #text()} decodes on demand.
 */
public final class JsonText {
  private final byte[] utf8;

  private JsonText(byte[] utf8) {
    this.utf8 = requireNonNull(utf8, "utf8");
  }

  public static JsonText of(String text) {
    return new JsonText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Takes the array as it is: callers in this package hand over one no one else holds. */
  static JsonText ownUtf8(byte[] utf8) {
    return new JsonText(utf8);
  }

  public String text() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** A copy of the UTF-8 bytes. */
  public byte[] utf8() {
    return utf8.clone();
  }

  /** Length in bytes. */
  public int length() {
    return utf8.length;
  }

  /** Copies the bytes into {@code destination} at {@code offset}. */
  public void copyTo(byte[] destination, int offset) {
    System.arraycopy(utf8, 0, destination, offset, utf8.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonText other && Arrays.equals(utf8, other.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return text();
  }
}
