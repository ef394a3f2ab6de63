package org.wuzhen.detect;

/**
 * A position in the bytes of one JSON text and the lexing a scan of it needs ({@link JsonTape}):
 * strings skipped eight bytes at a time, numbers, literals, white space, the first bytes of a name.
 * Each method checks RFC 8259's grammar as Jackson reads it by default and moves {@link #at} past
 * what it accepts. Mutable; the state of one scan.
 */
abstract class JsonCursor {
  static final int MAX_NUMBER = 1000;

  /** A string holding an escape; a number with a fraction or exponent. */
  static final int ESCAPED = 1;

  static final int NOT_INTEGER = 2;

  static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  byte[] b;
  int at;
  int end;

  final boolean literal(String word) {
    int len = word.length();
    if (end - at < len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[at + i] != word.charAt(i)) {
        return false;
      }
    }
    at += len;
    return true;
  }

  /**
   * RFC 8259 §6 number; Jackson's default refuses leading zeros as the grammar does. Its flags
   * ({@link #NOT_INTEGER}), or -1 when refused.
   */
  final int number() {
    int from = at;
    int f = 0;
    take('-');
    if (!take('0') && !digits()) {
      return -1;
    }
    if (take('.')) {
      f = NOT_INTEGER;
      if (!digits()) {
        return -1;
      }
    }
    if (at < end && (b[at] == 'e' || b[at] == 'E')) {
      at++;
      f = NOT_INTEGER;
      if (!take('+')) {
        take('-');
      }
      if (!digits()) {
        return -1;
      }
    }
    return at - from <= MAX_NUMBER ? f : -1;
  }

  final boolean digits() {
    int from = at;
    while (at < end && b[at] >= '0' && b[at] <= '9') {
      at++;
    }
    return at > from;
  }

  /**
   * A string from its opening quote; {@code at} ends after the closing one. Its flags ({@link
   * #ESCAPED}), or -1 when refused.
   */
  final int skipString() {
    int f = 0;
    at++;
    while (true) {
      // Plain bytes 8 at a time: most strings of a sensor's line have no escape.
      while (at + 8 <= end) {
        long special = JsonBytes.specialBytes((long) LONGS.get(b, at));
        if (special != 0) {
          at += Long.numberOfTrailingZeros(special) >>> 3;
          break;
        }
        at += 8;
      }
      if (at >= end) {
        return -1;
      }
      byte c = b[at];
      if (c == '"') {
        at++;
        return f;
      }
      if (c < 0x20) {
        return -1; // a control char, or (negative) a byte beyond ASCII
      }
      if (c == '\\') {
        f = ESCAPED;
        if (at + 1 >= end) {
          return -1;
        }
        byte e = b[at + 1];
        if (e == 'u') {
          if (at + 6 > end) {
            return -1;
          }
          int v = hex4(at + 2);
          if (v < 0 || (v >= 0xD800 && v <= 0xDFFF)) {
            return -1;
          }
          at += 6;
          continue;
        }
        if ("\"\\/bfnrt".indexOf(e) < 0) {
          return -1;
        }
        at += 2;
        continue;
      }
      at++;
    }
  }

  final int hex4(int from) {
    return JsonBytes.hex4(b, from);
  }

  final void skipSpace() {
    while (at < end && (b[at] == ' ' || b[at] == '\t')) {
      at++;
    }
  }

  final boolean peek(char c) {
    return at < end && b[at] == c;
  }

  final boolean take(char c) {
    if (at < end && b[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  final int indexOf(int from, int to, byte x) {
    for (int i = from; i < to; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  /** The first (up to) 8 bytes of the name at {@code [from, to)}, little-endian, zero above. */
  final long prefix(int from, int to) {
    int len = to - from;
    if (from + 8 <= b.length) {
      long x = (long) LONGS.get(b, from);
      return len >= 8 ? x : x & ((1L << (len << 3)) - 1);
    }
    return MemberName.pack(b, from, Math.min(to, from + 8));
  }

  /** Whether one of the 8 bytes is a dot (zero bytes, the padding of a short name, are not). */
  static boolean hasDot(long x) {
    long y = x ^ 0x2E2E2E2E2E2E2E2EL;
    return ((y - 0x0101010101010101L) & ~y & 0x8080808080808080L) != 0;
  }
}
