package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The shapes a line is likely to have, before it is read: the few last taken by lines of the same
 * kind, most recent first. Lines of one log mostly repeat a shape of that log's lines just before
 * (80 % the very last one in the real dns and ssl logs, 98 % one of the last four), so {@link
 * FlatJsonScan} compares a line with them in place, names and all, instead of keying its names. The
 * kind of a line is guessed from 8 of its first bytes (where a Zeek line's {@code _path} value is):
 * a wrong guess costs a try, never a wrong answer, since every shape is compared in full. Mutable;
 * one scan, one thread.
 */
final class ShapeGuesses {
  private static final int KIND_BITS = 3;
  private static final int WAYS = 4;

  /** Where a line starting {@code {"_path":"} has its log's name. */
  private static final int KIND_AT = 10;

  private static final LineShape NONE = new LineShape(); // empty: takes no line

  private final LineShape[] ways = new LineShape[WAYS << KIND_BITS];

  ShapeGuesses() {
    clear();
  }

  /**
   * The first of the ways of the line at {@code start}'s kind (8 bytes of the array follow stop).
   */
  static int kind(byte[] bytes, int start, int stop) {
    long word = (long) LONGS.get(bytes, Math.min(start + KIND_AT, stop));
    return (int) ((word * 0x9E3779B97F4A7C15L) >>> (64 - KIND_BITS)) * WAYS;
  }

  /** The shape lines of that kind took last (an empty one, that takes no line, at first). */
  LineShape first(int kind) {
    return ways[kind];
  }

  /**
   * Another recent shape of that kind whose first {@code m} members are {@code tried}'s and whose
   * segment {@code m} the bytes at {@code at} hold, or null: a line that left {@code tried} there
   * goes on as that one.
   */
  LineShape other(int kind, LineShape tried, int m, byte[] bytes, int at, int stop) {
    for (int w = kind; w < kind + WAYS; w++) {
      LineShape s = ways[w];
      if (s != tried && s.sharesStart(tried, m) && s.segment(m, bytes, at, stop) >= 0) {
        return s;
      }
    }
    return null;
  }

  /** Notes that a line of that kind took {@code shape}: it becomes the first guess. */
  void took(int kind, LineShape shape) {
    if (ways[kind] == shape) {
      return;
    }
    int w = kind + 1;
    while (w < kind + WAYS - 1 && ways[w] != shape) {
      w++;
    }
    System.arraycopy(ways, kind, ways, kind + 1, w - kind);
    ways[kind] = shape;
  }

  /** Forgets every guess (the shapes were forgotten). */
  void clear() {
    Arrays.fill(ways, NONE);
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
