package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A federation peer whose transparency log was found inconsistent, with the finding and when it was
 * made. Kept until an operator clears it.
 */
public record PeerFlag(String peer, String message, Instant flagged) {
  public PeerFlag {
    requireNonNull(peer, "peer");
    requireNonNull(message, "message");
    requireNonNull(flagged, "flagged");
  }
}
