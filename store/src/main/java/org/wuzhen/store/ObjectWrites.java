package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Adding and deleting object versions; every method runs inside the caller's write transaction. */
final class ObjectWrites {
  /** Ids per existence probe: well under both databases' limits on bound parameters. */
  private static final int PROBE_CHUNK = 500;

  private static final String INSERT =
      "INSERT INTO objects (collection_key, id, version_micros, date_added, type, version,"
          + " spec_version, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private ObjectWrites() {}

  private record Key(String id, long versionMicros) {}

  static List<AddOutcome> add(
      Connection c, Dialect dialect, CollectionId collection, List<ObjectRow> rows)
      throws SQLException {
    long key = CollectionCatalog.require(c, collection);
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
    Set<Key> present = existing(c, key, rows);
    long next = Math.max(now, last + 1);
    List<AddOutcome> outcomes = new ArrayList<>(rows.size());
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      boolean any = false;
      for (ObjectRow row : rows) {
        if (!present.add(new Key(row.id(), row.versionMicros()))) {
          outcomes.add(new AddOutcome.Duplicate(row.id(), row.versionMicros()));
          continue;
        }
        long dateAdded = next++;
        insert.setLong(1, key);
        insert.setString(2, row.id());
        insert.setLong(3, row.versionMicros());
        insert.setLong(4, dateAdded);
        insert.setString(5, row.type());
        insert.setString(6, row.version().orElse(null));
        insert.setString(7, row.specVersion());
        insert.setString(8, row.json());
        insert.addBatch();
        any = true;
        outcomes.add(new AddOutcome.Added(row.id(), row.versionMicros(), dateAdded));
      }
      if (any) {
        insert.executeBatch();
        try (PreparedStatement clock =
            c.prepareStatement("UPDATE store_clock SET last_micros = ? WHERE id = 1")) {
          clock.setLong(1, next - 1);
          clock.executeUpdate();
        }
      }
    }
    return outcomes;
  }

  /** The (id, version) pairs of the rows' ids already in the collection. */
  private static Set<Key> existing(Connection c, long collectionKey, List<ObjectRow> rows)
      throws SQLException {
    List<String> ids = rows.stream().map(ObjectRow::id).distinct().toList();
    Set<Key> present = new HashSet<>();
    for (int from = 0; from < ids.size(); from += PROBE_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + PROBE_CHUNK));
      Sql sql =
          new Sql()
              .append(
                  "SELECT id, version_micros FROM objects WHERE collection_key = ? AND id IN ",
                  collectionKey)
              .inList(chunk);
      try (PreparedStatement s = sql.prepare(c);
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          present.add(new Key(r.getString(1), r.getLong(2)));
        }
      }
    }
    return present;
  }

  static int delete(
      Connection c,
      CollectionId collection,
      String objectId,
      VersionSelection versions,
      List<String> specVersions)
      throws SQLException {
    long key = CollectionCatalog.require(c, collection);
    // Select first, then delete by key: the selection's NOT EXISTS probes must see the versions
    // as they were before this statement, which a self-referencing DELETE does not promise.
    Sql select =
        new Sql()
            .append(
                "SELECT o.version_micros FROM objects o WHERE o.collection_key = ? AND o.id = ?",
                key,
                objectId);
    VersionPredicates.appendSpecVersion(select, specVersions);
    VersionPredicates.appendVersion(select, versions, specVersions);
    List<Long> doomed = new ArrayList<>();
    try (PreparedStatement s = select.prepare(c);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        doomed.add(r.getLong(1));
      }
    }
    if (doomed.isEmpty()) {
      return 0;
    }
    Sql delete =
        new Sql()
            .append(
                "DELETE FROM objects WHERE collection_key = ? AND id = ? AND version_micros IN ",
                key,
                objectId)
            .inList(doomed);
    try (PreparedStatement s = delete.prepare(c)) {
      return s.executeUpdate();
    }
  }
}
