package org.wuzhen.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The role of a store that keeps federation's state: peers, pull cursors, pulled pages with their
 * provenance, and the verified heads and flags of peers' transparency logs (docs/federation.md).
 * Implementations are thread-safe; a method that returns has committed.
 */
public interface PeerStore {
  /** Adds a peer, or replaces the settings of the peer with that name. */
  void savePeer(FederationPeer peer);

  /** Every peer, by name. */
  List<FederationPeer> peers();

  /** Removes a peer (its cursors and provenance stay); returns false when none has that name. */
  boolean removePeer(String name);

  /** Where pulling a peer's collection resumes; empty before the first page was applied. */
  Optional<SyncCursor> syncCursor(String peer, String remoteCollection);

  /** Moves a cursor without adding objects (a page whose objects were all skipped). */
  void saveSyncCursor(SyncCursor cursor);

  /**
   * Applies one pulled page in one transaction: {@link ObjectStore#add} of its objects, a {@link
   * Provenance} for each version (also for duplicates, so every peer that sent a version is known),
   * and the cursor.
   *
   * @return one outcome per object, in page order
   */
  List<AddOutcome> applyPulled(PulledPage page);

  /** Where the versions of one object came from, by version; empty for local objects. */
  List<Provenance> provenance(String objectId);

  /**
   * The provenance of several objects in one query, by object id; ids without any are absent. For a
   * read filter judging a whole page.
   */
  Map<String, List<Provenance>> provenance(Collection<String> objectIds);

  // ---- peers' transparency logs (docs/federation.md, "Tree heads") ----

  /** Saves (replaces) the last verified head of a peer's log and the key pinned for it. */
  void savePeerHead(PeerHead head);

  /** The last verified head of every peer that has one, by peer name. */
  List<PeerHead> peerHeads();

  /** The last verified head of one peer's log; empty before the first. */
  default Optional<PeerHead> peerHead(String peer) {
    return peerHeads().stream().filter(h -> h.peer().equals(peer)).findFirst();
  }

  /**
   * Flags a peer whose log was found inconsistent. A peer already flagged keeps its first flag;
   * returns whether this flag was recorded.
   */
  boolean flagPeer(PeerFlag flag);

  /** Every flagged peer, by name. */
  List<PeerFlag> peerFlags();

  /**
   * Clears a peer's flag and forgets its pinned key and head, in one transaction, so the next round
   * trusts what it then sees as on first contact; false when there was neither.
   */
  boolean clearPeerFlag(String peer);
}
