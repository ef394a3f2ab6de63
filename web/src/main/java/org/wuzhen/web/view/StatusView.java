package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The status page: what pulling from each peer has done (shown to the node's administrators, as
 * {@code GET /wuzhen/peers/} is).
 */
public record StatusView(Frame frame, boolean admin, List<PeerRow> peers) {
  public StatusView {
    requireNonNull(frame, "frame");
    peers = List.copyOf(peers);
  }

  /**
   * One peer's pulling so far and what is known of its log.
   *
   * @param flag why pulling from the peer stopped (its log was inconsistent), or empty
   */
  public record PeerRow(
      String peer,
      List<CursorRow> cursors,
      String lag,
      String lastSuccess,
      String caughtUp,
      long added,
      long duplicates,
      long invalid,
      long failures,
      String lastError,
      String log,
      String witnessedHead,
      String flag) {
    public PeerRow {
      cursors = List.copyOf(cursors);
    }
  }

  /** Where pulling one remote collection has reached: its added-after and when it last moved. */
  public record CursorRow(String remoteCollection, String addedAfter, String updated) {}
}
