package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The home page's content: the caller's collections, the objects most recently added to them, open
 * proposals, open disputes and the most-sighted objects of the last 24 hours.
 */
public record HomeView(
    Frame frame,
    List<Collection> collections,
    List<Recent> recent,
    List<Proposal> proposals,
    List<Disputed> disputes,
    List<Sighted> sighted) {
  public HomeView {
    requireNonNull(frame, "frame");
    collections = List.copyOf(collections);
    recent = List.copyOf(recent);
    proposals = List.copyOf(proposals);
    disputes = List.copyOf(disputes);
    sighted = List.copyOf(sighted);
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

  /** An object recently added: a link (its name), its type, collection and when it was added. */
  public record Recent(Link object, String type, String collection, String added) {}

  /** An indicator under an open dispute, with the consensus of the members' opinions. */
  public record Disputed(Link object, String consensus, int events) {}

  /** An object sighted in the last 24 hours, with the sum of the sightings' counts. */
  public record Sighted(Link object, long sightings) {}
}
