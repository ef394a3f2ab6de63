package org.wuzhen.store;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one way text becomes search words, for what is indexed and what is searched alike, so that
 * both databases' indexes see the same words (SQLite's and PostgreSQL's tokenizers differ on
 * punctuation, hosts and diacritics; given plain words separated by spaces they agree).
 */
final class SearchWords {
  /** A word's length in the index and in queries; a SHA-512 in hex fits. */
  static final int MAX_WORD = 128;

  private SearchWords() {}

  static List<String> of(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return ofUnicode(text);
      }
    }
    return ofAscii(text);
  }

  /**
   * Appends the words of {@code text}, as {@link #of} gives them, to {@code words}, each after a
   * space unless {@code words} is empty; stops before the first word for which {@code words} would
   * then hold more than {@code max - 1} characters. For ASCII text no word is made a String.
   */
  static void appendTo(StringBuilder words, String text, int max) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) >= 0x80) {
        for (String word : ofUnicode(text)) {
          if (!appendWord(words, word, 0, word.length(), max)) {
            return;
          }
        }
        return;
      }
    }
    int i = 0;
    while (i < n) {
      while (i < n && !isAsciiWordChar(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && isAsciiWordChar(text.charAt(i))) {
        i++;
      }
      if (i > start && !appendWord(words, text, start, Math.min(i, start + MAX_WORD), max)) {
        return;
      }
    }
  }

  /** Appends text[from, to) lower-cased (ASCII), unless that would pass {@code max}. */
  private static boolean appendWord(StringBuilder words, String text, int from, int to, int max) {
    if (words.length() + (to - from) + 1 > max) {
      return false;
    }
    if (!words.isEmpty()) {
      words.append(' ');
    }
    for (int k = from; k < to; k++) {
      char c = text.charAt(k);
      words.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return true;
  }

  private static boolean isAsciiWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * {@link #ofUnicode} for ASCII text, which is most of it: NFKD leaves ASCII as it is and it has
   * no marks, so words are runs of letters and digits, lower-cased.
   */
  static List<String> ofAscii(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      boolean wordChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        words.add(text.substring(start, Math.min(i, start + MAX_WORD)).toLowerCase(Locale.ROOT));
        start = -1;
      }
    }
    return words;
  }

  static List<String> ofUnicode(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < decomposed.length(); ) {
      int c = decomposed.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        continue;
      }
      int lower = Character.toLowerCase(c);
      if (Character.isLetterOrDigit(lower)) {
        if (word.length() < MAX_WORD) {
          word.appendCodePoint(lower);
        }
      } else if (!word.isEmpty()) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  /** Whether {@code word} is one word as {@link #of} gives them. */
  static boolean isWord(String word) {
    return !word.isEmpty()
        && word.length() <= MAX_WORD + 1
        && word.codePoints()
            .allMatch(c -> Character.isLetterOrDigit(c) && Character.toLowerCase(c) == c);
  }
}
