package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MissMemo}: a value is remembered exactly, compared word by word when the array has room
 * after it and by {@link Arrays#equals} when not, with the same answer either way.
 */
class MissMemoTest {
  @Test
  void aValueMissedIsKnownAgainAndNoOtherIs() {
    Random r = new Random(59);
    MissMemo memo = new MissMemo();
    memo.clear(3);
    int known = 0;
    for (int round = 0; round < 50_000; round++) {
      int f = r.nextInt(3);
      byte[] value;
      if (lastMissed[f] != null && r.nextBoolean()) { // the value again, or one byte off
        value = lastMissed[f].clone();
        if (value.length > 0 && r.nextInt(3) == 0) {
          value[r.nextInt(value.length)] ^= (byte) (1 << r.nextInt(8));
        }
      } else {
        value = new byte[r.nextInt(MissMemo.MAX_BYTES + 10)];
        for (int i = 0; i < value.length; i++) {
          value[i] = (byte) ('a' + r.nextInt(2));
        }
      }
      int n = value.length;
      int start = r.nextInt(9);
      // Exactly as long as the value, or with bytes after it (then compared by words).
      byte[] line = new byte[start + n + (r.nextBoolean() ? 0 : 8 + r.nextInt(9))];
      for (int i = 0; i < line.length; i++) {
        line[i] = (byte) r.nextInt(256);
      }
      System.arraycopy(value, 0, line, start, n);
      byte[] last = lastMissed[f];
      boolean expected = last != null && Arrays.equals(last, value);
      assertThat(memo.missed(f, line, start, start + n))
          .as("field %d, %s after %s", f, new String(value), last == null ? "-" : new String(last))
          .isEqualTo(expected);
      known += expected ? 1 : 0;
      if (r.nextInt(4) > 0) {
        memo.remember(f, line, start, start + n);
        lastMissed[f] = n <= MissMemo.MAX_BYTES ? value : null;
      }
    }
    assertThat(known).as("not vacuous").isGreaterThan(5_000);
  }

  private final byte[][] lastMissed = new byte[3][];

  @Test
  void clearingForgetsEveryValue() {
    MissMemo memo = new MissMemo();
    memo.clear(1);
    byte[] line = "10.0.0.1 and more".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    memo.remember(0, line, 0, 8);
    assertThat(memo.missed(0, line, 0, 8)).isTrue();
    memo.clear(1);
    assertThat(memo.missed(0, line, 0, 8)).isFalse();
  }
}
