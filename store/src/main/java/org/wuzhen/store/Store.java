package org.wuzhen.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wuzhen.stix.StixObject;

/**
 * Where a node keeps everything: collections and the exact JSON of every object version in them,
 * TAXII status resources, members, users, API tokens and per-collection permissions. Two real
 * implementations (SQLite embedded, PostgreSQL for production) pass one contract test suite.
 *
 * <p>Implementations are thread-safe. A method that returns has committed: what it wrote survives
 * {@code kill -9} of the process at any later moment.
 */
public interface Store extends AutoCloseable {

  // ---- collections ----

  /** Creates a collection; fails with {@link StoreException.Conflict} when the id exists. */
  CollectionInfo createCollection(CollectionInfo collection);

  List<CollectionInfo> collections();

  Optional<CollectionInfo> collection(CollectionId id);

  // ---- objects ----

  /**
   * Adds object versions to a collection in one transaction and assigns each new version a {@code
   * date_added} in microseconds, strictly increasing across the whole store (also across processes
   * sharing one PostgreSQL). A version already present (same id and same version, see {@link
   * StoredObject#versionMicros()}) is a {@link AddOutcome.Duplicate}, not an error. The caller has
   * validated the objects.
   *
   * @return one outcome per input object, in input order
   */
  List<AddOutcome> add(CollectionId collection, List<StixObject> objects);

  /**
   * {@link #add} and {@link #saveStatus} in one transaction: the status resource, built from the
   * outcomes, commits together with the objects it reports. One commit per TAXII POST instead of
   * two, and never a status without its objects or objects without their status.
   */
  default List<AddOutcome> addWithStatus(
      CollectionId collection,
      List<StixObject> objects,
      Function<List<AddOutcome>, StatusRecord> status) {
    List<AddOutcome> outcomes = add(collection, objects);
    saveStatus(status.apply(outcomes));
    return outcomes;
  }

  /**
   * Object versions of a collection matching a query, ordered by {@code date_added} then id then
   * version, at most {@code query.limit()} of them, with a keyset cursor for the next page.
   */
  ObjectPage query(CollectionId collection, ObjectQuery query);

  /**
   * Deletes the versions of one object that match the version and spec_version selection.
   *
   * @return how many versions were deleted
   */
  int delete(
      CollectionId collection,
      String objectId,
      VersionSelection versions,
      List<String> specVersions);

  // ---- status resources ----

  void saveStatus(StatusRecord status);

  Optional<StatusRecord> status(String statusId);

  /** Removes statuses whose request was before the given time; returns how many. */
  int purgeStatuses(Instant requestedBefore);

  // ---- members, users, tokens, permissions ----

  void addMember(Member member);

  List<Member> members();

  Optional<Member> member(String name);

  void addUser(User user);

  Optional<User> user(String name);

  List<User> users();

  void addToken(ApiToken token);

  /** The token whose hash is given, revoked or not. */
  Optional<ApiToken> tokenByHash(String tokenHash);

  /** Marks a token revoked; returns false when no token has that id. */
  boolean revokeToken(String tokenId);

  /** Sets (replaces) the permission of one principal on one collection. */
  void grant(Permission permission);

  List<Permission> permissions(CollectionId collection);

  // ---- federation (peers, pull cursors, provenance) ----

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
   * Applies one pulled page in one transaction: {@link #add} of its objects, a {@link Provenance}
   * for each version (also for duplicates, so every peer that sent a version is known), and the
   * cursor.
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

  // ---- federation: peers' transparency logs (docs/federation.md, "Tree heads") ----

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

  // ---- transparency log (docs/transparency.md) ----
  //
  // Every add (per version added), delete (per version deleted), addMember, addUser and grant
  // appends one leaf in its own transaction. The transparency module hashes complete subtrees
  // into the node table after the leaves arrive.

  /** Number of leaves in the transparency log. */
  long logSize();

  /** The leaves with index in {@code [start, end)}, in index order (fewer near the end). */
  List<LogLeaf> logLeaves(long start, long end);

  /**
   * The hash of the complete subtree at {@code level} and {@code index}: level 0 is a leaf hash,
   * higher levels are the stored {@link LogNode}s. Empty when not stored (yet).
   */
  Optional<LogHash> logNode(int level, long index);

  /** One past the highest index stored at {@code level >= 1}; 0 when none. */
  long logNodeEnd(int level);

  /** Stores subtree hashes in one transaction; hashes already stored are kept as they are. */
  void putLogNodes(List<LogNode> nodes);

  /** The stored versions of one object with the leaves that recorded their addition. */
  List<ObjectLogEntry> objectLog(CollectionId collection, String objectId);

  /**
   * The leaves about the object version that was given {@code date_added}: its addition and, when
   * it was deleted through the store, its deletion.
   */
  List<LogLeaf> logLeavesAt(long dateAddedMicros);

  @Override
  void close();
}
