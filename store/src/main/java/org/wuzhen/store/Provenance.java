package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * That one object version was received from a peer: which peer, from which of its collections,
 * when. Kept beside the object, never in it, so the object's JSON stays exactly as its creator
 * wrote it.
 */
public record Provenance(
    String objectId, long versionMicros, String peer, String remoteCollection, Instant received) {
  public Provenance {
    requireNonNull(objectId, "objectId");
    requireNonNull(peer, "peer");
    requireNonNull(remoteCollection, "remoteCollection");
    requireNonNull(received, "received");
  }
}
