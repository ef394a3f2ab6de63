package org.wuzhen.stix;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact JSON text as UTF-8, byte for byte what {@link Json}'s Jackson generator writes for the
 * same value (members in order, numbers as their text, only {@code "}, {@code \} and control
 * characters escaped, characters beyond the BMP as their four UTF-8 bytes), written straight into a
 * buffer kept per thread: a bulk import writes every object it stores once, and a generator per
 * object cost more than the writing. {@code CompactJsonTest} holds it to Jackson's output. Text it
 * cannot write as Jackson would (an unpaired surrogate, a number that is not ASCII) makes {@link
 * #utf8} return null, and the caller uses Jackson. Each instance is confined to its thread.
 */
final class CompactJson {
  private static final ThreadLocal<CompactJson> LOCAL = ThreadLocal.withInitial(CompactJson::new);

  /** Buffers grown beyond this are dropped after use, so one huge value is not kept per thread. */
  private static final int KEEP = 1 << 20;

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** Thrown inside the writer when Jackson's output cannot be reproduced. */
  private static final class Unwritable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unwritable() {
      super(null, null, false, false);
    }
  }

  private byte[] buf = new byte[4096];
  private int size;
  private boolean lent;

  private CompactJson() {}

  /** The thread's writer, or a new one while the thread's buffer is lent to a reader. */
  private static CompactJson writer() {
    CompactJson w = LOCAL.get();
    return w.lent ? new CompactJson() : w;
  }

  /** The value's compact UTF-8 text, or null when only Jackson writes it faithfully. */
  static byte[] utf8(JsonValue value) {
    CompactJson w = writer();
    try {
      return w.write(value) ? Arrays.copyOf(w.buf, w.size) : null;
    } finally {
      w.trim();
    }
  }

  /**
   * Hands the value's compact UTF-8 text to {@code reader} in this writer's buffer, not copied out
   * (Jackson's bytes where it declines).
   */
  static <R> R read(JsonValue value, Json.Utf8Reader<R> reader) {
    CompactJson w = writer();
    try {
      if (!w.write(value)) {
        byte[] jackson = Json.writeWithJackson(value, false);
        return reader.read(jackson, jackson.length);
      }
      w.lent = true;
      return reader.read(w.buf, w.size);
    } finally {
      w.lent = false;
      w.trim();
    }
  }

  private boolean write(JsonValue value) {
    size = 0;
    try {
      value(value);
      return true;
    } catch (Unwritable e) {
      return false;
    }
  }

  private void trim() {
    if (buf.length > KEEP) {
      buf = new byte[4096];
    }
  }

  private void value(JsonValue value) {
    switch (value) {
      case JsonObject o -> {
        ensure(1);
        buf[size++] = '{';
        for (int i = 0; i < o.size(); i++) {
          if (i > 0) {
            ensure(1);
            buf[size++] = ',';
          }
          string(o.nameAt(i));
          ensure(1);
          buf[size++] = ':';
          value(o.valueAt(i));
        }
        ensure(1);
        buf[size++] = '}';
      }
      case JsonArray a -> {
        ensure(1);
        buf[size++] = '[';
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            ensure(1);
            buf[size++] = ',';
          }
          value(a.get(i));
        }
        ensure(1);
        buf[size++] = ']';
      }
      case JsonString s -> string(s.value());
      case JsonNumber n -> ascii(n.text());
      case JsonBoolean b -> ascii(b.value() ? "true" : "false");
      case JsonNull ignored -> ascii("null");
    }
  }

  /** Raw ASCII text (numbers as written, literals). */
  private void ascii(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        throw new Unwritable();
      }
      buf[size++] = (byte) c;
    }
  }

  private void string(String s) {
    int n = s.length();
    // The common case, printable ASCII with nothing to escape, one byte per character.
    ensure(n + 2);
    buf[size++] = '"';
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      buf[size++] = (byte) c;
    }
    if (i < n) {
      rest(s, i);
    }
    ensure(1);
    buf[size++] = '"';
  }

  /** The string from {@code i} on, escaping and encoding as Jackson's UTF-8 generator does. */
  private void rest(String s, int from) {
    int n = s.length();
    // At most six bytes per character (an escape), four per surrogate pair.
    ensure(6 * (n - from));
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          buf[size++] = (byte) c;
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        buf[size++] = (byte) (0xC0 | (c >> 6));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        buf[size++] = (byte) (0xE0 | (c >> 12));
        buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[size++] = (byte) (0xF0 | (cp >> 18));
        buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[size++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        throw new Unwritable();
      }
    }
  }

  /** RFC 8259 §7 escapes as Jackson writes them: short forms where JSON has one, else \\u00XX. */
  private void escape(char c) {
    buf[size++] = '\\';
    switch (c) {
      case '"' -> buf[size++] = '"';
      case '\\' -> buf[size++] = '\\';
      case '\b' -> buf[size++] = 'b';
      case '\t' -> buf[size++] = 't';
      case '\n' -> buf[size++] = 'n';
      case '\f' -> buf[size++] = 'f';
      case '\r' -> buf[size++] = 'r';
      default -> {
        buf[size++] = 'u';
        buf[size++] = '0';
        buf[size++] = '0';
        buf[size++] = HEX[c >> 4];
        buf[size++] = HEX[c & 0xF];
      }
    }
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
