package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wuzhen.stix.StixObject;

/**
 * The {@link Store} over SQL, for both dialects. Thread-safe: every call takes a pooled connection.
 */
final class JdbcStore implements Store {
  private final Database db;
  private final CollectionKeys collectionKeys = new CollectionKeys();
  private final StatementCache statements;
  private final LeafSalts salts;

  JdbcStore(Database db) {
    this.db = requireNonNull(db, "db");
    this.statements = new StatementCache(db.dialect);
    this.salts = LeafSalts.load(db);
    ObjectText.backfill(db);
  }

  @Override
  public CollectionInfo createCollection(CollectionInfo collection) {
    return db.write(
        "create collection " + collection.id(),
        c -> CollectionCatalog.create(c, db.dialect, collection));
  }

  @Override
  public List<CollectionInfo> collections() {
    return db.read("list collections", CollectionCatalog::all);
  }

  @Override
  public Optional<CollectionInfo> collection(CollectionId id) {
    return db.read("read collection " + id, c -> CollectionCatalog.find(c, id));
  }

  @Override
  public List<AddOutcome> add(CollectionId collection, Creator creator, List<StixObject> objects) {
    requireNonNull(collection, "collection");
    requireNonNull(creator, "creator");
    // Serialise outside the transaction, so the clock row is held only for the inserts.
    return addRows(collection, creator, objects.stream().map(ObjectRow::of).toList());
  }

  @Override
  public List<AddOutcome> addPrepared(
      CollectionId collection, Creator creator, List<PreparedObject> objects) {
    requireNonNull(collection, "collection");
    requireNonNull(creator, "creator");
    return addRows(collection, creator, objects.stream().map(p -> p.row).toList());
  }

  @Override
  public List<GroupOutcome> addPreparedGroups(
      CollectionId collection, Creator creator, List<List<PreparedObject>> groups) {
    requireNonNull(collection, "collection");
    requireNonNull(creator, "creator");
    List<List<ObjectRow>> rows =
        groups.stream().map(g -> g.stream().map(p -> p.row).toList()).toList();
    List<ObjectRow> all = rows.stream().flatMap(List::stream).toList();
    return db.write(
        "add " + groups.size() + " groups of objects to collection " + collection,
        c -> {
          long key = collectionKeys.require(c, collection);
          // All groups in one pass first: one claim, one batch per table. Only when that fails is
          // each group written again under a savepoint of its own, to refuse the failing ones
          // alone.
          execute(c, "SAVEPOINT wuzhen_groups");
          try {
            List<AddOutcome> outcomes = write(c, key, collection, creator, all);
            execute(c, "RELEASE wuzhen_groups");
            List<GroupOutcome> out = new ArrayList<>(rows.size());
            int at = 0;
            for (List<ObjectRow> group : rows) {
              out.add(new GroupOutcome.Stored(outcomes.subList(at, at + group.size())));
              at += group.size();
            }
            return out;
          } catch (SQLException whole) {
            // Not lost: the group that caused it fails again below and carries the reason.
            execute(c, "ROLLBACK TO wuzhen_groups");
            execute(c, "RELEASE wuzhen_groups");
          }
          List<GroupOutcome> out = new ArrayList<>(rows.size());
          for (List<ObjectRow> group : rows) {
            execute(c, "SAVEPOINT wuzhen_group");
            try {
              List<AddOutcome> outcomes = write(c, key, collection, creator, group);
              execute(c, "RELEASE wuzhen_group");
              out.add(new GroupOutcome.Stored(outcomes));
            } catch (SQLException e) {
              execute(c, "ROLLBACK TO wuzhen_group");
              execute(c, "RELEASE wuzhen_group");
              out.add(new GroupOutcome.Failed(String.valueOf(e.getMessage())));
            }
          }
          return out;
        });
  }

  private List<AddOutcome> write(
      Connection c, long key, CollectionId collection, Creator creator, List<ObjectRow> rows)
      throws SQLException {
    return rows.isEmpty()
        ? List.of()
        : ObjectWrites.add(
            c,
            db.dialect,
            key,
            collection.toString(),
            java.util.Collections.nCopies(rows.size(), creator),
            rows);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private List<AddOutcome> addRows(CollectionId collection, Creator creator, List<ObjectRow> rows) {
    return db.write(
        "add " + rows.size() + " objects to collection " + collection,
        c ->
            ObjectWrites.add(
                c,
                db.dialect,
                collectionKeys.require(c, collection),
                collection.toString(),
                java.util.Collections.nCopies(rows.size(), creator),
                rows));
  }

  @Override
  public Optional<Creator> creator(String objectId) {
    requireNonNull(objectId, "objectId");
    return db.read("read the creator of " + objectId, c -> ObjectCreators.find(c, objectId));
  }

  @Override
  public List<AddOutcome> addWithStatus(
      CollectionId collection,
      Creator creator,
      List<StixObject> objects,
      Function<List<AddOutcome>, StatusRecord> status) {
    requireNonNull(collection, "collection");
    requireNonNull(creator, "creator");
    requireNonNull(status, "status");
    List<ObjectRow> rows = objects.stream().map(ObjectRow::of).toList();
    return db.write(
        "add " + rows.size() + " objects with their status to collection " + collection,
        c -> {
          List<AddOutcome> outcomes =
              rows.isEmpty()
                  ? List.of()
                  : ObjectWrites.add(
                      c,
                      db.dialect,
                      collectionKeys.require(c, collection),
                      collection.toString(),
                      java.util.Collections.nCopies(rows.size(), creator),
                      rows);
          StatusTable.save(c, status.apply(outcomes));
          return outcomes;
        });
  }

  @Override
  public long lastAdded() {
    return db.read(
        "read when the store last added a version",
        c -> {
          try (java.sql.PreparedStatement s =
                  c.prepareStatement("SELECT last_micros FROM store_clock WHERE id = 1");
              java.sql.ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0L;
          }
        });
  }

  @Override
  public ObjectPage query(CollectionId collection, ObjectQuery query) {
    requireNonNull(query, "query");
    return db.read(
        "query collection " + collection,
        c -> ObjectReads.query(c, statements, collectionKeys.require(c, collection), query));
  }

  @Override
  public Hits search(List<CollectionId> collections, TextQuery query) {
    requireNonNull(query, "query");
    return acrossCollections(
        "search the text of",
        collections,
        (c, keys) -> ObjectText.search(c, db.dialect, statements, keys, query));
  }

  @Override
  public Hits recent(List<CollectionId> collections, int limit, Optional<Long> before) {
    requireNonNull(before, "before");
    if (limit < 1 || limit > 1_000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
    return acrossCollections(
        "read the recent objects of",
        collections,
        (c, keys) -> ObjectReads.recent(c, statements, keys, limit, before));
  }

  @Override
  public Hits relationships(List<CollectionId> collections, RelationshipQuery query) {
    requireNonNull(query, "query");
    return acrossCollections(
        "read the relationships of " + query.objectIds().size() + " objects in",
        collections,
        (c, keys) -> RelationshipEnds.of(c, statements, keys, query));
  }

  /** A read over several collections, by their keys. */
  private interface AcrossCollections {
    Hits read(java.sql.Connection c, Map<Long, CollectionId> keys) throws java.sql.SQLException;
  }

  private Hits acrossCollections(
      String operation, List<CollectionId> collections, AcrossCollections read) {
    List<CollectionId> asked = List.copyOf(collections);
    if (asked.isEmpty()) {
      return Hits.none();
    }
    return db.read(
        operation + " " + asked.size() + " collections",
        c -> {
          Map<Long, CollectionId> keys = new LinkedHashMap<>();
          for (CollectionId id : asked) {
            keys.put(collectionKeys.require(c, id), id);
          }
          return read.read(c, keys);
        });
  }

  @Override
  public int delete(
      CollectionId collection,
      String objectId,
      VersionSelection versions,
      List<String> specVersions) {
    requireNonNull(objectId, "objectId");
    requireNonNull(versions, "versions");
    List<String> specs = List.copyOf(specVersions);
    return db.write(
        "delete " + objectId + " from collection " + collection,
        c ->
            ObjectWrites.delete(
                c,
                db.dialect,
                collectionKeys.require(c, collection),
                collection.toString(),
                objectId,
                versions,
                specs));
  }

  @Override
  public Map<String, ServedEvent> servedEvents(String reader) {
    requireNonNull(reader, "reader");
    return db.read("read the MISP events served to " + reader, c -> ServedEvents.of(c, reader));
  }

  @Override
  public void saveServedEvents(List<ServedEvent> events) {
    List<ServedEvent> copy = List.copyOf(events);
    if (!copy.isEmpty()) {
      db.update("save " + copy.size() + " MISP events served", c -> ServedEvents.save(c, copy));
    }
  }

  @Override
  public void saveStatus(StatusRecord status) {
    requireNonNull(status, "status");
    db.update("save status " + status.id(), c -> StatusTable.save(c, status));
  }

  @Override
  public Optional<StatusRecord> status(String statusId) {
    requireNonNull(statusId, "statusId");
    return db.read("read status " + statusId, c -> StatusTable.find(c, statusId));
  }

  @Override
  public int purgeStatuses(Instant requestedBefore) {
    requireNonNull(requestedBefore, "requestedBefore");
    return db.write("purge statuses", c -> StatusTable.purge(c, requestedBefore));
  }

  @Override
  public void backupTo(java.nio.file.Path file) {
    requireNonNull(file, "file");
    db.backupTo(file);
  }

  @Override
  public Optional<String> readinessProblem() {
    return db.readinessProblem();
  }

  @Override
  public PoolFigures poolFigures() {
    return db.poolFigures();
  }

  @Override
  public void addMember(Member member) {
    requireNonNull(member, "member");
    db.update("add member " + member.name(), c -> AccountTables.addMember(c, db.dialect, member));
  }

  @Override
  public List<Member> members() {
    return db.read("list members", AccountTables::members);
  }

  @Override
  public Optional<Member> member(String name) {
    requireNonNull(name, "name");
    return db.read("read member " + name, c -> AccountTables.member(c, name));
  }

  @Override
  public void addUser(User user) {
    requireNonNull(user, "user");
    db.update("add user " + user.name(), c -> AccountTables.addUser(c, db.dialect, user));
  }

  @Override
  public Optional<User> user(String name) {
    requireNonNull(name, "name");
    return db.read("read user " + name, c -> AccountTables.user(c, name));
  }

  @Override
  public List<User> users() {
    return db.read("list users", AccountTables::users);
  }

  @Override
  public void addToken(ApiToken token) {
    requireNonNull(token, "token");
    db.update("add token " + token.tokenId(), c -> AccountTables.addToken(c, db.dialect, token));
  }

  @Override
  public Optional<ApiToken> tokenByHash(String tokenHash) {
    requireNonNull(tokenHash, "tokenHash");
    return db.read("read token", c -> AccountTables.tokenByHash(c, tokenHash));
  }

  @Override
  public boolean revokeToken(String tokenId) {
    requireNonNull(tokenId, "tokenId");
    return db.write("revoke token " + tokenId, c -> AccountTables.revokeToken(c, tokenId));
  }

  @Override
  public void grant(Permission permission) {
    requireNonNull(permission, "permission");
    db.update(
        "grant " + permission.principal() + " on collection " + permission.collection(),
        c -> AccountTables.grant(c, db.dialect, permission));
  }

  @Override
  public List<Permission> permissions(CollectionId collection) {
    requireNonNull(collection, "collection");
    return db.read(
        "list permissions of collection " + collection,
        c -> AccountTables.permissions(c, collection));
  }

  // ---- transparency log ----

  @Override
  public long logSize() {
    return db.read("read log size", LogTables::size);
  }

  @Override
  public List<LogLeaf> logLeaves(long start, long end) {
    return db.read("read log leaves", c -> LogTables.leaves(c, salts, start, end));
  }

  @Override
  public Optional<LogHash> logNode(int level, long index) {
    return db.read("read log node", c -> LogTables.node(c, salts, level, index));
  }

  @Override
  public long logNodeEnd(int level) {
    return db.read("read log node end", c -> LogTables.nodeEnd(c, level));
  }

  @Override
  public void putLogNodes(List<LogNode> nodes) {
    List<LogNode> copy = List.copyOf(nodes);
    if (copy.isEmpty()) {
      return;
    }
    db.update("store " + copy.size() + " log nodes", c -> LogTables.putNodes(c, copy));
  }

  @Override
  public List<ObjectLogEntry> objectLog(CollectionId collection, String objectId) {
    requireNonNull(objectId, "objectId");
    return db.read(
        "read the log of " + objectId,
        c -> LogTables.objectEntries(c, salts, collectionKeys.require(c, collection), objectId));
  }

  @Override
  public List<LogLeaf> logLeavesAt(long dateAddedMicros) {
    return db.read(
        "read the log at " + dateAddedMicros, c -> LogTables.leavesAt(c, salts, dateAddedMicros));
  }

  @Override
  public List<StoredVersion> storedVersions(long afterDateAddedMicros, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    return db.read(
        "read stored versions after " + afterDateAddedMicros,
        c -> LogTables.storedVersions(c, afterDateAddedMicros, limit));
  }

  // ---- federation ----

  @Override
  public void savePeer(FederationPeer peer) {
    requireNonNull(peer, "peer");
    db.update("save peer " + peer.name(), c -> FederationTables.savePeer(c, peer));
  }

  @Override
  public List<FederationPeer> peers() {
    return db.read("list peers", FederationTables::peers);
  }

  @Override
  public boolean removePeer(String name) {
    requireNonNull(name, "name");
    return db.write("remove peer " + name, c -> FederationTables.removePeer(c, name));
  }

  @Override
  public Optional<SyncCursor> syncCursor(String peer, String remoteCollection) {
    requireNonNull(peer, "peer");
    requireNonNull(remoteCollection, "remoteCollection");
    return db.read(
        "read cursor of peer " + peer + " collection " + remoteCollection,
        c -> FederationTables.cursor(c, peer, remoteCollection));
  }

  @Override
  public void saveSyncCursor(SyncCursor cursor) {
    requireNonNull(cursor, "cursor");
    db.update("save cursor of peer " + cursor.peer(), c -> FederationTables.saveCursor(c, cursor));
  }

  @Override
  public List<AddOutcome> applyPulled(PulledPage page) {
    requireNonNull(page, "page");
    List<ObjectRow> rows = new ArrayList<>(page.objects().size());
    List<Creator> creators = new ArrayList<>(page.objects().size());
    SyncCursor cursor = page.cursor();
    for (int i = 0; i < page.objects().size(); i++) {
      StixObject object = page.objects().get(i);
      // The origin the object names, whichever peer relays it; else the peer that sent it first.
      creators.add(
          object.createdByRef().map(Creator::origin).orElseGet(() -> Creator.peer(cursor.peer())));
      rows.add(
          page.receivedJson().isEmpty()
              ? ObjectRow.of(object)
              : ObjectRow.of(object, page.receivedJson().get(i)));
    }
    return db.write(
        "apply " + rows.size() + " objects pulled from peer " + cursor.peer(),
        c -> {
          List<AddOutcome> outcomes =
              rows.isEmpty()
                  ? List.of()
                  : ObjectWrites.add(
                      c,
                      db.dialect,
                      collectionKeys.require(c, page.collection()),
                      page.collection().toString(),
                      creators,
                      rows);
          FederationTables.recordProvenance(c, outcomes, cursor);
          FederationTables.saveCursor(c, cursor);
          return outcomes;
        });
  }

  @Override
  public void savePeerHead(PeerHead head) {
    requireNonNull(head, "head");
    db.update("save the log head of peer " + head.peer(), c -> PeerLogTables.saveHead(c, head));
  }

  @Override
  public List<PeerHead> peerHeads() {
    return db.read("list peer log heads", PeerLogTables::heads);
  }

  @Override
  public boolean flagPeer(PeerFlag flag) {
    requireNonNull(flag, "flag");
    return db.write("flag peer " + flag.peer(), c -> PeerLogTables.flag(c, flag));
  }

  @Override
  public List<PeerFlag> peerFlags() {
    return db.read("list flagged peers", PeerLogTables::flags);
  }

  @Override
  public boolean clearPeerFlag(String peer) {
    requireNonNull(peer, "peer");
    return db.write("clear the flag of peer " + peer, c -> PeerLogTables.clear(c, peer));
  }

  @Override
  public List<Provenance> provenance(String objectId) {
    requireNonNull(objectId, "objectId");
    return db.read("read provenance of " + objectId, c -> FederationTables.provenance(c, objectId));
  }

  @Override
  public java.util.Map<String, List<Provenance>> provenance(
      java.util.Collection<String> objectIds) {
    requireNonNull(objectIds, "objectIds");
    return db.read(
        "read provenance of " + objectIds.size() + " objects",
        c -> FederationTables.provenance(c, objectIds));
  }

  @Override
  public void close() {
    db.close();
  }
}
