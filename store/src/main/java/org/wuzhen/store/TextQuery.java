package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Tlp;

/**
 * A full-text search over the names, descriptions, aliases and texts (notes, opinions) of the
 * latest version of each object, newest first, with filters that are ANDed.
 *
 * @param words the words every hit holds, each matched as the start of a word of its text, in the
 *     form {@link #words(String)} gives (never empty)
 * @param types only these STIX types (empty: any)
 * @param createdBy only objects whose {@code created_by_ref} is this identity id
 * @param tlp only objects whose strictest TLP marking is this one
 * @param revoked only revoked objects (true) or only unrevoked ones (false)
 * @param limit at most this many hits (1 to 1,000)
 * @param before continue below this {@code date_added} (the previous page's {@link
 *     TextMatches#next()})
 */
public record TextQuery(
    List<String> words,
    List<String> types,
    Optional<String> createdBy,
    Optional<Tlp> tlp,
    Optional<Boolean> revoked,
    int limit,
    Optional<Long> before) {
  /** Words a query may hold; more say little and cost a join each. */
  public static final int MAX_WORDS = 16;

  public TextQuery {
    words = List.copyOf(words);
    types = List.copyOf(types);
    requireNonNull(createdBy, "createdBy");
    requireNonNull(tlp, "tlp");
    requireNonNull(revoked, "revoked");
    requireNonNull(before, "before");
    if (words.isEmpty() || words.size() > MAX_WORDS) {
      throw new IllegalArgumentException("words: 1 to " + MAX_WORDS + ", was " + words.size());
    }
    for (String w : words) {
      if (!SearchWords.isWord(w)) {
        throw new IllegalArgumentException("words: '" + w + "' is not a normalised search word");
      }
    }
    if (limit < 1 || limit > 1_000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
  }

  /**
   * The search words of a text as the index holds them: split at every character that is neither a
   * letter nor a digit, lower-cased, without diacritics, each cut at 128 characters.
   *
   * @throws IllegalArgumentException when the text holds no word, or more than {@link #MAX_WORDS}
   */
  public static List<String> words(String text) {
    List<String> words = SearchWords.of(text).stream().distinct().toList();
    if (words.isEmpty()) {
      throw new IllegalArgumentException("holds no letter or digit to search for");
    }
    if (words.size() > MAX_WORDS) {
      throw new IllegalArgumentException(
          "holds " + words.size() + " words; a search takes at most " + MAX_WORDS);
    }
    return words;
  }

  /** Every object holding the words of {@code text}, any filter, in pages of {@code limit}. */
  public static TextQuery of(String text, int limit) {
    return new TextQuery(
        words(text),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        Optional.empty());
  }

  /** This query continued below {@code dateAdded}. */
  public TextQuery before(long dateAdded) {
    return new TextQuery(words, types, createdBy, tlp, revoked, limit, Optional.of(dateAdded));
  }
}
