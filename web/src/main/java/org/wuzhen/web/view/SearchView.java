package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The search page: the exact lookup (one value or a pasted list) with one answer per value, and the
 * filtered list of a collection's objects, paged by position (keyset), never by offset.
 *
 * @param next the link to the next page of the list; empty on the last
 */
public record SearchView(
    Frame frame,
    String query,
    String bulk,
    String type,
    String collection,
    List<Option> collections,
    List<Answer> answers,
    List<Row> rows,
    String next,
    String message) {
  public SearchView {
    requireNonNull(frame, "frame");
    requireNonNull(query, "query");
    requireNonNull(bulk, "bulk");
    requireNonNull(type, "type");
    requireNonNull(collection, "collection");
    collections = List.copyOf(collections);
    answers = List.copyOf(answers);
    rows = List.copyOf(rows);
    requireNonNull(next, "next");
    requireNonNull(message, "message");
  }

  /** A collection to filter by. */
  public record Option(String value, String label, boolean selected) {}

  /**
   * One value's answer: what it was read as, and the objects holding it (empty: unknown here).
   *
   * @param kind empty when the value is neither an observable nor a STIX id
   */
  public record Answer(String value, String kind, List<Row> objects) {
    public Answer {
      objects = List.copyOf(objects);
    }

    public boolean found() {
      return !objects.isEmpty();
    }
  }

  /** One object in a list: a link to its page, its type, version and collection. */
  public record Row(Link object, String type, String version, String collection) {}
}
