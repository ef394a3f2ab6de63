package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteLines}: the eight-byte search for a line end against a byte-by-byte one, and the lines
 * against {@code readLine}'s split, on random bytes arriving in random pieces.
 */
class ByteLinesTest {
  /** Bytes where line ends are frequent, rare, next to each other and at word edges. */
  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(200)];
    int density = 1 + random.nextInt(40);
    for (int i = 0; i < bytes.length; i++) {
      int pick = random.nextInt(density);
      bytes[i] =
          switch (pick) {
            case 0 -> '\n';
            case 1 -> '\r';
            default -> {
              // the neighbours of CR and LF, zero, high bytes: the word tricks' edge cases
              byte[] near = {
                0x00, 0x01, 0x09, 0x0B, 0x0C, 0x0E, (byte) 0x80, (byte) 0x8A, (byte) 0xFF
              };
              yield random.nextInt(3) == 0
                  ? near[random.nextInt(near.length)]
                  : (byte) (0x20 + random.nextInt(0x5F));
            }
          };
    }
    return bytes;
  }

  /** The first CR or LF found byte by byte. */
  private static int plainLineEnd(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return i;
      }
    }
    return to;
  }

  @Test
  void findsTheFirstLineEndBeforeTheEndWhateverBytesFollowIt() {
    // The search of a buffer with slack reads whole words past `to`: a line end there, stale in
    // the buffer, must not be found.
    Random random = new Random(19);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = randomBytes(random);
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      byte[] buffer = Arrays.copyOf(bytes, bytes.length + ByteLines.SLACK);
      for (int i = to; i < buffer.length; i++) {
        buffer[i] = random.nextBoolean() ? (byte) '\n' : (byte) 'x';
      }
      assertThat(ByteLines.paddedLineEnd(buffer, from, to))
          .as("%s [%d, %d)", Arrays.toString(buffer), from, to)
          .isEqualTo(plainLineEnd(bytes, from, to));
    }
  }

  /** The lines BufferedReader.readLine gives, as byte ranges' contents. */
  static List<String> plainLines(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < bytes.length) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        lines.add(Arrays.toString(Arrays.copyOfRange(bytes, start, i)));
        i += bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n' ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    if (start < bytes.length) {
      lines.add(Arrays.toString(Arrays.copyOfRange(bytes, start, bytes.length)));
    }
    return lines;
  }

  /** Hands on at most a random few bytes per read, so lines and CR LF pairs cross reads. */
  private static InputStream trickling(byte[] bytes, Random random) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(13)));
      }
    };
  }

  @Test
  void splitsAsReadLineDoesHoweverTheInputArrives() throws IOException {
    Random random = new Random(25);
    for (int round = 0; round < 5_000; round++) {
      byte[] bytes = randomBytes(random);
      List<String> lines = new ArrayList<>();
      ByteLines reader =
          new ByteLines(
              random.nextBoolean() ? new ByteArrayInputStream(bytes) : trickling(bytes, random));
      while (reader.next()) {
        lines.add(
            Arrays.toString(Arrays.copyOfRange(reader.buffer(), reader.start(), reader.end())));
      }
      assertThat(lines).as(Arrays.toString(bytes)).isEqualTo(plainLines(bytes));
    }
  }
}
