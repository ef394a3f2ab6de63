package org.wuzhen.detect;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines exactly where {@link java.io.BufferedReader#readLine()} splits
 * the decoded text (at {@code \n}, {@code \r} or {@code \r\n}; a last line without terminator
 * counts), without decoding anything: a line is a range of one reused buffer. A line longer than
 * {@link #MAX_LINE_BYTES} is never held whole: its bytes are counted and dropped, so a hostile
 * endless line costs no memory. Mutable; one per input, one thread.
 */
final class ByteLines {
  /**
   * Longest line kept. UTF-8 takes at most three bytes per UTF-16 char, so a longer line has more
   * than {@link LineReader#MAX_LINE_CHARS} chars and is a bad line whatever it holds.
   */
  static final int MAX_LINE_BYTES = 3 * LineReader.MAX_LINE_CHARS;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
  private static final long RETURNS = 0x0D0D0D0D0D0D0D0DL;

  /**
   * Bytes past the data that are never filled (their content is stale), so that a word read that
   * starts inside a line never leaves the array: the line-end search here and {@link FlatJsonScan}
   * read whole words with no byte-by-byte tail, whose branch the JIT would otherwise see taken only
   * by the lines of some files and not others (and compile as a trap on the first file).
   */
  static final int SLACK = 16;

  /**
   * Bytes a line of a sensor's log is shorter than (the real dns and ssl logs' are at most 945):
   * {@link Ends} is asked only while that many are in the buffer.
   */
  static final int WHOLE_LINE = 4 << 10;

  private final InputStream in;
  private byte[] buffer = new byte[(1 << 16) + SLACK];
  private int position;
  private int limit;
  private boolean ended;
  private boolean skipLineFeed;
  private int start;
  private int end;
  private long droppedBytes;

  /** Bytes of the input moved out of the buffer before its start. */
  private long discarded;

  private Runnable beforeRead = () -> {};

  ByteLines(InputStream in) {
    this.in = in;
  }

  /**
   * For a format that reads a line's JSON object to its closing brace ({@link Ends}): the index of
   * the {@code \n} after {@code close} (the index just after the brace) and any spaces or tabs,
   * when it is before {@code limit} and the line from {@code start} is not longer than {@link
   * #MAX_LINE_BYTES}; else -1 (anything else after the brace, {@code \r\n} included, is left to the
   * search for the line's end).
   */
  static int lineFeedAfter(byte[] bytes, int start, int close, int limit) {
    int end = close;
    while (end < limit && (bytes[end] == ' ' || bytes[end] == '\t')) {
      end++;
    }
    return end < limit && bytes[end] == '\n' && end - start <= MAX_LINE_BYTES ? end : -1;
  }

  /**
   * Runs {@code action} before each read of the input: a reader publishes there what it counts line
   * by line, since a read may wait (a followed file) and the lines before it are then all read.
   */
  void beforeEachRead(Runnable action) {
    this.beforeRead = action;
  }

  /**
   * Finds where a line ends by reading it, as a format that reads its lines to their last token
   * can: then the line's bytes need no search for their end of their own (a tenth of the reading of
   * Zeek JSON).
   */
  interface Ends {
    /**
     * The index of the {@code \n} that ends the line starting at {@code start} of {@code bytes},
     * whose data end at {@code limit} ({@link #SLACK} bytes of the array after it); -1 when it is
     * not sure (then the line end is searched for). The line must hold no {@code \n} or {@code \r}
     * before that index.
     */
    int lineEnd(byte[] bytes, int start, int limit);
  }

  /** Moves to the next line; false at the end of the input. */
  boolean next() throws IOException {
    return next((bytes, start, to) -> -1);
  }

  /** Moves to the next line, asking {@code ends} where it ends first; false at its end. */
  boolean next(Ends ends) throws IOException {
    droppedBytes = 0;
    if (skipLineFeed) {
      if (position == limit && !fill()) {
        return false;
      }
      if (buffer[position] == '\n') {
        position++;
      }
      skipLineFeed = false;
    }
    // Only where a whole line surely is in the buffer: a line read up to the data's end would
    // take the scan's paths of a cut token, which whole lines never take (the JIT would compile
    // them as traps, hit at a buffer's end long after).
    int known = limit - position >= WHOLE_LINE ? ends.lineEnd(buffer, position, limit) : -1;
    if (known >= 0) {
      start = position;
      end = known;
      position = known + 1;
      return held();
    }
    int scanned = position;
    while (true) {
      int i = paddedLineEnd(buffer, scanned, limit);
      if (i < limit) {
        start = position;
        end = i;
        position = i + 1;
        skipLineFeed = buffer[i] == '\r';
        return held();
      }
      scanned = limit;
      if (limit - position > MAX_LINE_BYTES) {
        return dropRestOfLine();
      }
      int kept = limit - position;
      if (!fill()) {
        if (limit == position) {
          return false;
        }
        start = position;
        end = limit;
        position = limit;
        return held();
      }
      scanned = position + kept;
    }
  }

  /**
   * The index of the first {@code \n} or {@code \r} in {@code bytes[from, to)}, or {@code to} when
   * there is none; eight bytes at a time, at least 8 bytes following {@code to} in the array (the
   * buffer's {@link #SLACK}): whole words only, the last one running past {@code to}, a line end
   * found there clamped to {@code to}. No tail loop, so no branch whose profile depends on where
   * lines happen to end. In {@code (w - ONES) & ~w & HIGHS} a byte's high bit is set where the byte
   * is zero, and wrongly only above a byte that is (a borrow runs up from it), so its lowest set
   * bit is exactly the first zero byte.
   */
  static int paddedLineEnd(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long feeds = word ^ LINE_FEEDS;
      long returns = word ^ RETURNS;
      long found = ((feeds - ONES) & ~feeds | (returns - ONES) & ~returns) & HIGHS;
      if (found != 0) {
        return Math.min(i + (Long.numberOfTrailingZeros(found) >>> 3), to);
      }
    }
    return to;
  }

  /**
   * A line found whole is still dropped when longer than {@link #MAX_LINE_BYTES}, so that whether a
   * line is held never depends on how the input happened to arrive (reads of any size give the same
   * lines).
   */
  private boolean held() {
    if (end - start > MAX_LINE_BYTES) {
      droppedBytes = end - start;
      start = position;
      end = position;
    }
    return true;
  }

  /** The current line is too long: counts its bytes up to its terminator without keeping them. */
  private boolean dropRestOfLine() throws IOException {
    long dropped = limit - position;
    position = limit;
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      int i = paddedLineEnd(buffer, position, limit);
      dropped += i - position;
      if (i < limit) {
        skipLineFeed = buffer[i] == '\r';
        position = i + 1;
        break;
      }
      position = limit;
    }
    droppedBytes = dropped;
    start = position;
    end = position;
    return true;
  }

  /**
   * Reads more, keeping the unread part at the front (growing the buffer when it is full); false
   * when the input has ended and nothing was added.
   */
  private boolean fill() throws IOException {
    if (ended) {
      return false;
    }
    int kept = limit - position;
    discarded += position;
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, kept);
    } else if (kept == buffer.length - SLACK) {
      buffer = java.util.Arrays.copyOf(buffer, 2 * (buffer.length - SLACK) + SLACK);
    }
    position = 0;
    limit = kept;
    beforeRead.run();
    int n = in.read(buffer, limit, buffer.length - SLACK - limit);
    if (n <= 0) {
      ended = n < 0;
      return n > 0 || (!ended && fill());
    }
    limit += n;
    return true;
  }

  /** Where the current line starts, counted in bytes from the start of the input. */
  long offset() {
    return discarded + start;
  }

  /** The bytes of a line too long to keep, or 0 when the current line is held. */
  long droppedBytes() {
    return droppedBytes;
  }

  byte[] buffer() {
    return buffer;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }
}
