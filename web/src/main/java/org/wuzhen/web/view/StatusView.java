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

  /** One peer's pulling so far. */
  public record PeerRow(
      String peer,
      String lastSuccess,
      String caughtUp,
      long added,
      long duplicates,
      long invalid,
      long failures,
      String lastError) {}
}
