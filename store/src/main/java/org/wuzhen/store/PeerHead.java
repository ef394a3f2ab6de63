package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The last signed tree head this node verified from a federation peer's transparency log, with the
 * log key it pinned for that peer. The head fields are exactly what the peer signed (the
 * transparency module reads and verifies them); the store does not interpret them.
 *
 * @param publicKey the peer's log key, base64 SPKI
 * @param timestamp the head's timestamp, milliseconds since the epoch, as signed
 * @param signature the head's signature, base64, as served
 * @param verified when this node verified the head
 */
public record PeerHead(
    String peer,
    String publicKey,
    long treeSize,
    LogHash rootHash,
    long timestamp,
    String keyId,
    String signature,
    Instant verified) {
  public PeerHead {
    requireNonNull(peer, "peer");
    requireNonNull(publicKey, "publicKey");
    requireNonNull(rootHash, "rootHash");
    requireNonNull(keyId, "keyId");
    requireNonNull(signature, "signature");
    requireNonNull(verified, "verified");
    if (treeSize < 0) {
      throw new IllegalArgumentException("treeSize: negative: " + treeSize);
    }
  }
}
