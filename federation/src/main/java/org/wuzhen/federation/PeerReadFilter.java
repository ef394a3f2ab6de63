package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Provenance;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoredObject;
import org.wuzhen.taxii.Principal;
import org.wuzhen.taxii.ReadFilter;

/**
 * The export policy where peers read: for a caller that is a configured peer, every object the
 * TAXII server would show (objects, one object, versions, manifest) passes {@link #decide} first.
 * Callers that are not peers (this node's own users) are not filtered here. Thread-safe.
 */
public final class PeerReadFilter implements ReadFilter {
  private final Store store;
  private final Supplier<List<Peer>> peers;
  private final Supplier<ExportPolicy> policy;

  PeerReadFilter(Store store, Supplier<List<Peer>> peers, Supplier<ExportPolicy> policy) {
    this.store = requireNonNull(store, "store");
    this.peers = requireNonNull(peers, "peers");
    this.policy = requireNonNull(policy, "policy");
  }

  @Override
  public boolean visible(Principal caller, CollectionId collection, StoredObject object) {
    Optional<Peer> peer = peerOf(caller);
    return peer.isEmpty() || decide(peer.get(), collection, object).allowed();
  }

  /** The peer a caller is, if any. */
  Optional<Peer> peerOf(Principal caller) {
    for (Peer p : peers.get()) {
      if (p.isCaller(caller.user(), caller.member())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether one stored object version may go to a peer: the collections the peer may read, then no
   * echo (a version is never served to a peer it came from), then the export policy.
   */
  Decision decide(Peer peer, CollectionId collection, StoredObject object) {
    if (!peer.read().contains(collection)) {
      return Decision.withhold(
          "peer.read",
          "peer " + peer.name() + " is not configured to read collection " + collection);
    }
    StixObject stix;
    try {
      stix = StixObject.parse(object.json().orElseThrow());
    } catch (StixFormatException e) {
      return Decision.withhold("unreadable", "the stored object cannot be read: " + e.getMessage());
    }
    ExportPolicy current = policy.get();
    // Pulling never applies objects our own members created, so only others' objects can have
    // come from a peer: the provenance lookup is skipped for the node's own, the common case.
    boolean own = stix.createdByRef().filter(current.ownIdentities()::contains).isPresent();
    if (!own) {
      for (Provenance p : store.provenance(object.id())) {
        if (p.peer().equals(peer.name()) && p.versionMicros() == object.versionMicros()) {
          return Decision.withhold(
              "echo", "this version came from " + peer.name() + " and is never sent back to it");
        }
      }
    }
    return current.decide(peer.name(), collection, stix);
  }
}
