package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The home page's content. */
public record HomeView(Frame frame, List<Collection> collections, List<Proposal> proposals) {
  public HomeView {
    requireNonNull(frame, "frame");
    collections = List.copyOf(collections);
    proposals = List.copyOf(proposals);
  }

  /** An open proposal: its title, when voting closes, and the tally so far. */
  public record Proposal(String title, String closes, String tally) {}

  /** A collection the caller may read. */
  public record Collection(String id, String title) {
    public Collection {
      requireNonNull(id, "id");
      requireNonNull(title, "title");
    }
  }
}
