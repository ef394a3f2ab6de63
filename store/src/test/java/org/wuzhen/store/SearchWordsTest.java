package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ASCII reading of search words gives what the general (NFKD) reading gives. */
class SearchWordsTest {
  private static final String ASCII_EDGES = "aZz09 -_.:/\\\"'\t\n\u0000\u007f@#";

  @Test
  void asciiTextGivesTheWordsTheUnicodeReadingGives() {
    Random random = new Random(17);
    for (int example = 0; example < 20_000; example++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(example % 50 == 0 ? 400 : 40);
      for (int i = 0; i < length; i++) {
        b.append(
            random.nextBoolean()
                ? (char) random.nextInt(0x80)
                : ASCII_EDGES.charAt(random.nextInt(ASCII_EDGES.length())));
      }
      String text = b.toString();
      assertThat(SearchWords.ofAscii(text)).as(text).isEqualTo(SearchWords.ofUnicode(text));
      assertThat(SearchWords.of(text)).isEqualTo(SearchWords.ofUnicode(text));
    }
  }

  @Test
  void appendingGivesTheWordsOfJoinedBySpacesUpToTheLimit() {
    Random random = new Random(18);
    String unicode = "\u00e9\u00c9\u0301\ufb01\u4e2d";
    for (int example = 0; example < 20_000; example++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(60);
      for (int i = 0; i < length; i++) {
        int pick = random.nextInt(10);
        b.append(
            pick == 0
                ? unicode.charAt(random.nextInt(unicode.length()))
                : ASCII_EDGES.charAt(random.nextInt(ASCII_EDGES.length())));
      }
      String text = example % 3 == 0 ? b.toString().replaceAll("[^\\x00-\\x7f]", "") : b.toString();
      String prefix = random.nextBoolean() ? "" : "earlier words";
      int max = prefix.length() + random.nextInt(80);
      StringBuilder expected = new StringBuilder(prefix);
      for (String word : SearchWords.of(text)) {
        if (expected.length() + word.length() + 1 > max) {
          break;
        }
        if (!expected.isEmpty()) {
          expected.append(' ');
        }
        expected.append(word);
      }
      StringBuilder actual = new StringBuilder(prefix);
      SearchWords.appendTo(actual, text, max);
      assertThat(actual.toString()).as(text + " / " + max).isEqualTo(expected.toString());
    }
  }

  @Test
  void longWordsAreCutAndCaseFolded() {
    String hex = "AB".repeat(100);
    assertThat(SearchWords.of("Sha512 " + hex + " x"))
        .containsExactly("sha512", hex.substring(0, SearchWords.MAX_WORD).toLowerCase(), "x");
    assertThat(SearchWords.of("Café Crème")).containsExactly("cafe", "creme");
  }
}
