package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lines a format decides unmatched from their bytes are told in batches: every one of them by the
 * end, and all those read before each read of the input (a followed file's read may wait, and its
 * progress must not lag behind the lines already read).
 */
class UnmatchedCountTest {
  /** Lines starting with 'u' are unmatched; others are read and make no event. */
  private static final LineReader.LineFormat FORMAT =
      new LineReader.LineFormat() {
        @Override
        public Optional<Event> line(String line, String source) {
          return Optional.empty();
        }

        @Override
        public int look(byte[] bytes, int start, int end) {
          return bytes[start] == 'u' ? ZeekLineCheck.UNMATCHED : ZeekLineCheck.UNDECIDED;
        }
      };

  /** Hands out at most a few hundred bytes per read, noting what had been told before each. */
  private static final class SmallReads extends InputStream {
    private final ByteArrayInputStream bytes;
    private final byte[] content;
    private final long[] told;
    private int delivered;
    final List<long[]> toldAtRead = new ArrayList<>(); // {unmatched lines delivered, told}
    private final Random random = new Random(7);

    SmallReads(byte[] content, long[] told) {
      this.content = content;
      this.bytes = new ByteArrayInputStream(content);
      this.told = told;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      toldAtRead.add(new long[] {unmatchedLinesIn(delivered), told[0]});
      int n = bytes.read(b, off, Math.min(len, 1 + random.nextInt(700)));
      if (n > 0) {
        delivered += n;
      }
      return n;
    }

    /** Unmatched lines whose terminator is among the first {@code length} bytes. */
    private long unmatchedLinesIn(int length) {
      long lines = 0;
      int start = 0;
      for (int i = 0; i < length; i++) {
        if (content[i] == '\n') {
          lines += content[start] == 'u' ? 1 : 0;
          start = i + 1;
        }
      }
      return lines;
    }
  }

  @Test
  void everyUnmatchedLineIsToldAndAllReadAreToldBeforeEachRead() throws IOException {
    StringBuilder text = new StringBuilder();
    Random random = new Random(11);
    int unmatched = 0;
    for (int i = 0; i < 20_000; i++) {
      boolean u = random.nextInt(10) > 0;
      unmatched += u ? 1 : 0;
      text.append(u ? 'u' : 'r').append("x".repeat(random.nextInt(40))).append('\n');
    }
    byte[] content = text.toString().getBytes(StandardCharsets.US_ASCII);
    long[] told = {0};
    List<Long> batches = new ArrayList<>();
    SmallReads in = new SmallReads(content, told);

    // The loop as LineReader.read runs it, on the stream itself rather than through the
    // inflating thread, so that the reads happen when the loop asks for them.
    LineReader.Loop loop =
        new LineReader.Loop(
            "lines",
            FORMAT,
            e -> {},
            n -> {
              batches.add(n);
              told[0] += n;
            },
            0);
    assertThat(loop.run(new ByteLines(in), false)).isTrue();
    ReadReport report = loop.report();

    assertThat(told[0]).isEqualTo(unmatched);
    assertThat(report.events()).isEqualTo(unmatched);
    assertThat(batches).as("told in batches, not line by line").hasSizeLessThan(unmatched / 2);
    assertThat(batches).allSatisfy(n -> assertThat(n).isPositive());
    assertThat(in.toldAtRead).hasSizeGreaterThan(100);
    for (long[] atRead : in.toldAtRead) {
      assertThat(atRead[1]).as("told before a read").isEqualTo(atRead[0]);
    }
  }
}
