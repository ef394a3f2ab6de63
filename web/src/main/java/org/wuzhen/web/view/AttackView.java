package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The ATT&CK matrix page: tactics as columns, each with its techniques and their counts, for one
 * collection, the {@code uses} counted from every source or from one chosen.
 *
 * @param message what to say instead of the matrix (empty: nothing)
 */
public record AttackView(
    Frame frame,
    String matrix,
    List<SearchView.Option> collections,
    List<SearchView.Option> sources,
    List<Tactic> tactics,
    String message) {
  public AttackView {
    requireNonNull(frame, "frame");
    requireNonNull(matrix, "matrix");
    collections = List.copyOf(collections);
    sources = List.copyOf(sources);
    tactics = List.copyOf(tactics);
    requireNonNull(message, "message");
  }

  /** A column: the tactic and its techniques, by name. */
  public record Tactic(String name, List<Cell> techniques) {
    public Tactic {
      techniques = List.copyOf(techniques);
    }
  }

  /**
   * A technique's cell: a link to its page (its relationships), its ATT&CK id, and how many {@code
   * uses} relationships, indicators ({@code indicates}) and sightings of those indicators or of the
   * technique point at it.
   */
  public record Cell(Link technique, String attackId, int uses, int indicators, long sightings) {
    public boolean counted() {
      return uses + indicators + sightings > 0;
    }
  }
}
