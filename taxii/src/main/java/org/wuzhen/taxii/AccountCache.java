package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.AddOutcome;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Permission;
import org.wuzhen.store.StatusRecord;
import org.wuzhen.store.Store;
import org.wuzhen.store.User;
import org.wuzhen.store.VersionSelection;

/**
 * The store as the request path sees it: the reads every request makes before its real work (token,
 * user, member, collection, permissions) are answered from memory for at most {@link #TTL}, so a
 * request costs one query instead of six. Changes made through this process are visible at once
 * (its writes clear the cache); changes made by another process, such as a token revoked with
 * {@code wuzhen token revoke}, take effect within {@link #TTL}. Objects and statuses are never
 * cached. Thread-safe.
 */
final class AccountCache implements Store {
  /** How stale an account read may be. */
  static final Duration TTL = Duration.ofSeconds(1);

  private static final int MAX_ENTRIES = 10_000;

  private record Entry(Object value, long expiresAtNanos) {}

  private final Store store;
  private final long ttlNanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  AccountCache(Store store, Duration ttl) {
    this.store = requireNonNull(store, "store");
    this.ttlNanos = ttl.toNanos();
  }

  @SuppressWarnings("unchecked")
  private <T> T cached(String key, Supplier<T> load) {
    long now = System.nanoTime();
    Entry e = entries.get(key);
    if (e != null && now - e.expiresAtNanos() < 0) {
      return (T) e.value();
    }
    T value = load.get();
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry(value, now + ttlNanos));
    return value;
  }

  private void changed() {
    entries.clear();
  }

  @Override
  public Optional<ApiToken> tokenByHash(String tokenHash) {
    return cached("token:" + tokenHash, () -> store.tokenByHash(tokenHash));
  }

  @Override
  public Optional<User> user(String name) {
    return cached("user:" + name, () -> store.user(name));
  }

  @Override
  public Optional<Member> member(String name) {
    return cached("member:" + name, () -> store.member(name));
  }

  @Override
  public Optional<CollectionInfo> collection(CollectionId id) {
    return cached("collection:" + id, () -> store.collection(id));
  }

  @Override
  public List<Permission> permissions(CollectionId collection) {
    return cached("permissions:" + collection, () -> store.permissions(collection));
  }

  // ---- everything else goes straight to the store; account writes clear the cache ----

  @Override
  public CollectionInfo createCollection(CollectionInfo collection) {
    changed();
    return store.createCollection(collection);
  }

  @Override
  public List<CollectionInfo> collections() {
    return store.collections();
  }

  @Override
  public List<AddOutcome> add(CollectionId collection, List<StixObject> objects) {
    return store.add(collection, objects);
  }

  @Override
  public List<AddOutcome> addWithStatus(
      CollectionId collection,
      List<StixObject> objects,
      java.util.function.Function<List<AddOutcome>, StatusRecord> status) {
    return store.addWithStatus(collection, objects, status);
  }

  @Override
  public ObjectPage query(CollectionId collection, ObjectQuery query) {
    return store.query(collection, query);
  }

  @Override
  public int delete(
      CollectionId collection,
      String objectId,
      VersionSelection versions,
      List<String> specVersions) {
    return store.delete(collection, objectId, versions, specVersions);
  }

  @Override
  public void saveStatus(StatusRecord status) {
    store.saveStatus(status);
  }

  @Override
  public Optional<StatusRecord> status(String statusId) {
    return store.status(statusId);
  }

  @Override
  public int purgeStatuses(Instant requestedBefore) {
    return store.purgeStatuses(requestedBefore);
  }

  @Override
  public void addMember(Member member) {
    changed();
    store.addMember(member);
  }

  @Override
  public List<Member> members() {
    return cached("members", store::members);
  }

  @Override
  public void addUser(User user) {
    changed();
    store.addUser(user);
  }

  @Override
  public List<User> users() {
    return store.users();
  }

  @Override
  public void addToken(ApiToken token) {
    changed();
    store.addToken(token);
  }

  @Override
  public boolean revokeToken(String tokenId) {
    changed();
    return store.revokeToken(tokenId);
  }

  @Override
  public void grant(Permission permission) {
    changed();
    store.grant(permission);
  }

  // ---- transparency log: never cached ----

  @Override
  public long logSize() {
    return store.logSize();
  }

  @Override
  public List<org.wuzhen.store.LogLeaf> logLeaves(long start, long end) {
    return store.logLeaves(start, end);
  }

  @Override
  public Optional<org.wuzhen.store.LogHash> logNode(int level, long index) {
    return store.logNode(level, index);
  }

  @Override
  public long logNodeEnd(int level) {
    return store.logNodeEnd(level);
  }

  @Override
  public void putLogNodes(List<org.wuzhen.store.LogNode> nodes) {
    store.putLogNodes(nodes);
  }

  @Override
  public List<org.wuzhen.store.ObjectLogEntry> objectLog(CollectionId collection, String objectId) {
    return store.objectLog(collection, objectId);
  }

  @Override
  public List<org.wuzhen.store.LogLeaf> logLeavesAt(long dateAddedMicros) {
    return store.logLeavesAt(dateAddedMicros);
  }

  /** The underlying store belongs to the node, which closes it. */
  // ---- federation: never cached, passed through ----

  @Override
  public void savePeer(org.wuzhen.store.FederationPeer peer) {
    store.savePeer(peer);
  }

  @Override
  public List<org.wuzhen.store.FederationPeer> peers() {
    return store.peers();
  }

  @Override
  public boolean removePeer(String name) {
    return store.removePeer(name);
  }

  @Override
  public Optional<org.wuzhen.store.SyncCursor> syncCursor(String peer, String remoteCollection) {
    return store.syncCursor(peer, remoteCollection);
  }

  @Override
  public void saveSyncCursor(org.wuzhen.store.SyncCursor cursor) {
    store.saveSyncCursor(cursor);
  }

  @Override
  public List<AddOutcome> applyPulled(org.wuzhen.store.PulledPage page) {
    return store.applyPulled(page);
  }

  @Override
  public void savePeerHead(org.wuzhen.store.PeerHead head) {
    store.savePeerHead(head);
  }

  @Override
  public List<org.wuzhen.store.PeerHead> peerHeads() {
    return store.peerHeads();
  }

  @Override
  public boolean flagPeer(org.wuzhen.store.PeerFlag flag) {
    return store.flagPeer(flag);
  }

  @Override
  public List<org.wuzhen.store.PeerFlag> peerFlags() {
    return store.peerFlags();
  }

  @Override
  public boolean clearPeerFlag(String peer) {
    return store.clearPeerFlag(peer);
  }

  @Override
  public List<org.wuzhen.store.Provenance> provenance(String objectId) {
    return store.provenance(objectId);
  }

  @Override
  public java.util.Map<String, List<org.wuzhen.store.Provenance>> provenance(
      java.util.Collection<String> objectIds) {
    return store.provenance(objectIds);
  }

  @Override
  public void close() {}
}
