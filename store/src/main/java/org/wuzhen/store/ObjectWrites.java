package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adding and deleting object versions; every method runs inside the caller's write transaction. */
final class ObjectWrites {
  // A version already stored is skipped by the unique index itself, and the per-row update count
  // (1 inserted, 0 skipped) gives the outcome. An earlier existence probe (SELECT ... id IN (...))
  // cost more than the inserts on PostgreSQL before autovacuum had analysed the table: 8 ms
  // growing to 45 ms per 1,000-object envelope as the table grew.
  // The unique index is on the id's compact key (migration V57), the same rows as the id's text.
  private static final String INSERT =
      "INSERT INTO objects (collection_key, id, version_micros, date_added, type, version,"
          + " spec_version, json, id_key, type_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (collection_key, id_key, type_code, version_micros) DO NOTHING";

  private ObjectWrites() {}

  private record Key(String id, long versionMicros) {}

  static List<AddOutcome> add(
      Connection c,
      Dialect dialect,
      long key,
      String collection,
      List<Creator> creators,
      List<ObjectRow> rows)
      throws SQLException {
    long last;
    long now;
    try (PreparedStatement s = c.prepareStatement(dialect.lockClock());
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new SQLException("store_clock has no row; the schema is damaged");
      }
      last = r.getLong(1);
      now = dialect.nowMicros(r);
    }
    // Under the clock lock, so two writers cannot both claim a new id.
    ObjectCreators.Claims claims = ObjectCreators.claim(c, creators, rows);
    Map<String, Creator> holders = claims.holders();
    // A value given to a version that turns out to be stored already is skipped: date_added stays
    // strictly increasing, with a gap.
    long next = Math.max(now, last + 1);
    AddOutcome[] outcomes = new AddOutcome[rows.size()];
    int[] batchIndex = new int[rows.size()];
    long[] dateAdded = new long[rows.size()];
    Set<Key> inThisCall = new HashSet<>();
    int batched = 0;
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (int i = 0; i < rows.size(); i++) {
        ObjectRow row = rows.get(i);
        Creator holder = holders.get(row.id());
        if (!holder.equals(creators.get(i))) {
          // A version already stored changes nothing, so it stays a duplicate (and a peer that
          // relays it still gets its provenance row); only a new version is refused.
          outcomes[i] =
              ObjectCreators.stored(c, key, row.id(), row.versionMicros())
                  ? new AddOutcome.Duplicate(row.id(), row.versionMicros())
                  : new AddOutcome.Refused(row.id(), row.versionMicros(), holder);
          continue;
        }
        if (!inThisCall.add(new Key(row.id(), row.versionMicros()))) {
          outcomes[i] = new AddOutcome.Duplicate(row.id(), row.versionMicros());
          continue;
        }
        dateAdded[i] = next++;
        batchIndex[i] = batched++;
        insert.setLong(1, key);
        insert.setString(2, row.id());
        insert.setLong(3, row.versionMicros());
        insert.setLong(4, dateAdded[i]);
        insert.setString(5, row.type());
        insert.setString(6, row.version().orElse(null));
        insert.setString(7, row.specVersion());
        insert.setString(8, row.json());
        ObjectCreators.StoredKey stored = claims.keys().get(row.id());
        insert.setBytes(9, stored.idKey());
        insert.setInt(10, stored.typeCode());
        insert.addBatch();
      }
      if (batched == 0) {
        return List.of(outcomes);
      }
      int[] counts = insert.executeBatch();
      if (counts.length != batched) {
        throw new SQLException(
            "the driver returned " + counts.length + " update counts for " + batched + " rows");
      }
      for (int i = 0; i < rows.size(); i++) {
        if (outcomes[i] != null) {
          continue;
        }
        ObjectRow row = rows.get(i);
        int count = counts[batchIndex[i]];
        if (count < 0) {
          throw new SQLException("the driver returned no per-row update count (" + count + ")");
        }
        outcomes[i] =
            count == 1
                ? new AddOutcome.Added(row.id(), row.versionMicros(), dateAdded[i])
                : new AddOutcome.Duplicate(row.id(), row.versionMicros());
      }
    }
    appendAddedLeaves(c, key, rows, outcomes);
    index(c, dialect, rows, outcomes);
    try (PreparedStatement clock =
        c.prepareStatement("UPDATE store_clock SET last_micros = ? WHERE id = 1")) {
      clock.setLong(1, next - 1);
      clock.executeUpdate();
    }
    return List.of(outcomes);
  }

  /** One transparency-log leaf per version actually added, in date_added order, as runs. */
  private static void appendAddedLeaves(
      Connection c, long collectionKey, List<ObjectRow> rows, AddOutcome[] outcomes)
      throws SQLException {
    List<LogAddRuns.Entry> entries = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      if (outcomes[i] instanceof AddOutcome.Added added) {
        ObjectRow row = rows.get(i);
        entries.add(
            new LogAddRuns.Entry(
                added.dateAddedMicros(), row.id(), row.versionMicros(), row.jsonSha256()));
      }
    }
    if (!entries.isEmpty()) {
      LogAddRuns.append(c, LogRecords.nextIndex(c), collectionKey, entries);
    }
  }

  /** The full-text entries and relationship ends of the versions added. */
  private static void index(
      Connection c, Dialect dialect, List<ObjectRow> rows, AddOutcome[] outcomes)
      throws SQLException {
    List<Long> dateAdded = new ArrayList<>();
    List<ObjectText.Entry> entries = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (outcomes[i] instanceof AddOutcome.Added added && rows.get(i).text().isPresent()) {
        dateAdded.add(added.dateAddedMicros());
        entries.add(rows.get(i).text().get());
      }
    }
    ObjectText.insert(c, dialect, dateAdded, entries);
    List<Long> relationshipsAdded = new ArrayList<>();
    List<RelationshipEnds.Ends> ends = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (outcomes[i] instanceof AddOutcome.Added added && rows.get(i).ends().isPresent()) {
        relationshipsAdded.add(added.dateAddedMicros());
        ends.add(rows.get(i).ends().get());
      }
    }
    RelationshipEnds.insert(c, relationshipsAdded, ends);
  }

  static int delete(
      Connection c,
      Dialect dialect,
      long key,
      String collection,
      String objectId,
      VersionSelection versions,
      List<String> specVersions)
      throws SQLException {
    // The clock lock orders this delete's log leaves with every other write's.
    long index = LogRecords.lockAndNextIndex(c, dialect);
    // Select first, then delete by key: the selection's NOT EXISTS probes must see the versions
    // as they were before this statement, which a self-referencing DELETE does not promise.
    Sql select =
        new Sql()
            .append(
                "SELECT o.version_micros, o.date_added FROM objects o"
                    + " WHERE o.collection_key = ? AND o.id_key = ? AND o.id = ?",
                key,
                ObjectCreators.Key.of(objectId).bytes(),
                objectId);
    VersionPredicates.appendSpecVersion(select, specVersions);
    VersionPredicates.appendVersion(select, versions, specVersions);
    List<Long> doomed = new ArrayList<>();
    List<Long> doomedDateAdded = new ArrayList<>();
    try (PreparedStatement s = select.prepare(c);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        doomed.add(r.getLong(1));
        doomedDateAdded.add(r.getLong(2));
      }
    }
    if (doomed.isEmpty()) {
      return 0;
    }
    Sql delete =
        new Sql()
            .append(
                "DELETE FROM objects WHERE collection_key = ? AND id_key = ? AND id = ?"
                    + " AND version_micros IN ",
                key,
                ObjectCreators.Key.of(objectId).bytes(),
                objectId)
            .inList(doomed);
    int deleted;
    try (PreparedStatement s = delete.prepare(c)) {
      deleted = s.executeUpdate();
    }
    ObjectText.delete(c, dialect, doomedDateAdded);
    RelationshipEnds.delete(c, doomedDateAdded);
    try (PreparedStatement insert = c.prepareStatement(LogRecords.INSERT)) {
      for (int i = 0; i < doomed.size(); i++) {
        String record =
            LogRecords.deleted(collection, doomedDateAdded.get(i), objectId, doomed.get(i));
        LogRecords.addLeaf(insert, index++, doomedDateAdded.get(i), record);
      }
      insert.executeBatch();
    }
    return deleted;
  }
}
