package org.wuzhen.detect;

import java.io.IOException;
import java.io.InputStream;

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

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean ended;
  private boolean skipLineFeed;
  private int start;
  private int end;
  private long droppedBytes;

  /** Bytes of the input moved out of the buffer before its start. */
  private long discarded;

  ByteLines(InputStream in) {
    this.in = in;
  }

  /** Moves to the next line; false at the end of the input. */
  boolean next() throws IOException {
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
    int scanned = position;
    while (true) {
      for (int i = scanned; i < limit; i++) {
        byte b = buffer[i];
        if (b == '\n' || b == '\r') {
          start = position;
          end = i;
          position = i + 1;
          skipLineFeed = b == '\r';
          return held();
        }
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
      int i = position;
      while (i < limit && buffer[i] != '\n' && buffer[i] != '\r') {
        i++;
      }
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
    } else if (kept == buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
    }
    position = 0;
    limit = kept;
    int n = in.read(buffer, limit, buffer.length - limit);
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
