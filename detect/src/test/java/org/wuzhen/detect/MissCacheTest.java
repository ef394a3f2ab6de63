package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link MissCache}: exact per field, forgetting but never inventing a miss. */
class MissCacheTest {
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean missed(MissCache cache, int field, String text) {
    byte[] b = ascii(text);
    return cache.missed(field, b, 0, b.length);
  }

  private static void remember(MissCache cache, int field, String text) {
    byte[] b = ascii(text);
    cache.remember(field, b, 0, b.length);
  }

  @Test
  void answersForTheSameBytesOfTheSameFieldOnly() {
    MissCache cache = new MissCache();
    cache.clear(3);
    remember(cache, 1, "10.0.0.100");
    assertThat(missed(cache, 1, "10.0.0.100")).isTrue();
    assertThat(missed(cache, 2, "10.0.0.100")).as("another field").isFalse();
    assertThat(missed(cache, 1, "10.0.0.10")).as("a prefix").isFalse();
    assertThat(missed(cache, 1, "10.0.0.1000")).as("a longer text").isFalse();
  }

  /** A text its hash cannot tell from another of the same {@code middle}'s length. */
  private static String sameEnds(String middle) {
    return "10.47.1." + middle + ".wrccdc.org";
  }

  @Test
  void aTextOfTheSameHashIsNotTakenForAnother() {
    MissCache cache = new MissCache();
    cache.clear(1);
    byte[] a = ascii(sameEnds("1"));
    byte[] b = ascii(sameEnds("2"));
    assertThat(MissCache.hash(a, 0, a.length)).isEqualTo(MissCache.hash(b, 0, b.length));
    remember(cache, 0, sameEnds("1"));
    assertThat(missed(cache, 0, sameEnds("2"))).isFalse();
    assertThat(missed(cache, 0, sameEnds("1"))).isTrue();
  }

  @Test
  void keepsTheLastTwoOfASetAndForgetsOnClear() {
    MissCache cache = new MissCache();
    cache.clear(1);
    // Three texts of one hash fall in one set of two ways: the oldest makes way.
    List.of("1", "2", "3").forEach(m -> remember(cache, 0, sameEnds(m)));
    assertThat(missed(cache, 0, sameEnds("1"))).isFalse();
    assertThat(missed(cache, 0, sameEnds("2"))).isTrue();
    assertThat(missed(cache, 0, sameEnds("3"))).isTrue();
    cache.clear(1);
    assertThat(missed(cache, 0, sameEnds("3"))).isFalse();
  }

  @Test
  void aTextLongerThanItsSlotsIsNeverKept() {
    MissCache cache = new MissCache();
    cache.clear(1);
    String longer = "x".repeat(MissCache.MAX_BYTES + 1);
    String longest = "y".repeat(MissCache.MAX_BYTES);
    remember(cache, 0, longer);
    remember(cache, 0, longest);
    assertThat(missed(cache, 0, longer)).isFalse();
    assertThat(missed(cache, 0, longest)).isTrue();
  }

  @Test
  void neverAnswersForATextNotRemembered() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              MissCache cache = new MissCache();
              int fields = 1 + r.nextInt(4);
              cache.clear(fields);
              List<Set<String>> remembered = new java.util.ArrayList<>();
              for (int f = 0; f < fields; f++) {
                remembered.add(new HashSet<>());
              }
              for (int i = 0; i < 2000; i++) {
                int f = r.nextInt(fields);
                // Few letters, short texts and texts of the same ends: many share a hash or a set.
                StringBuilder text = new StringBuilder();
                for (int n = r.nextInt(6); n > 0; n--) {
                  text.append("AaB.1".charAt(r.nextInt(5)));
                }
                String t = r.nextBoolean() ? text.toString() : sameEnds(text.toString());
                if (missed(cache, f, t)) {
                  assertThat(remembered.get(f)).contains(t);
                } else if (r.nextBoolean()) {
                  remember(cache, f, t);
                  remembered.get(f).add(t);
                  assertThat(missed(cache, f, t)).isTrue();
                }
              }
            });
  }
}
