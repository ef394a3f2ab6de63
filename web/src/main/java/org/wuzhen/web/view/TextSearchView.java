package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The full-text search page: the words, the filters (each a list of choices, one selected), the
 * hits newest first and the link to the next page (by position, never an offset).
 *
 * @param message what to say instead of or above the hits (empty: nothing)
 * @param next the next page's link; empty on the last
 */
public record TextSearchView(
    Frame frame,
    String words,
    String type,
    List<Filter> filters,
    List<Hit> hits,
    String next,
    String message) {
  public TextSearchView {
    requireNonNull(frame, "frame");
    requireNonNull(words, "words");
    requireNonNull(type, "type");
    filters = List.copyOf(filters);
    hits = List.copyOf(hits);
    requireNonNull(next, "next");
    requireNonNull(message, "message");
  }

  /** One select of the form: its parameter name, its label and its choices. */
  public record Filter(String name, String label, List<Choice> choices) {
    public Filter {
      choices = List.copyOf(choices);
    }
  }

  /** One choice of a filter. */
  public record Choice(String value, String label, boolean selected) {}

  /** One hit: a link to its page (its name as the text), its type and collection. */
  public record Hit(Link object, String type, String collection, String added) {}
}
