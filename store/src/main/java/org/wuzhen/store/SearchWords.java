package org.wuzhen.store;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

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
