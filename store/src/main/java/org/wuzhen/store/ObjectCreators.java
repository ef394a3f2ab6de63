package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code object_creators} table: the creator of each object id, fixed by its first stored
 * version in any collection and never changed (a delete keeps it, so an id cannot change hands).
 * Every method runs inside the caller's transaction.
 */
final class ObjectCreators {
  private ObjectCreators() {}

  /**
   * Claims every id of {@code rows} not yet claimed for {@code creator}, and answers the ids that
   * another creator holds, with that creator. Insert first, look up only what the insert skipped: a
   * batch of new objects costs one batch of primary-key inserts and no query.
   */
  static Map<String, Creator> claim(Connection c, List<Creator> creators, List<ObjectRow> rows)
      throws SQLException {
    // The first row of an id decides who claims it; a later row of the same id in this call by
    // another creator is then refused like any other.
    Map<String, Creator> ids = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      ids.putIfAbsent(rows.get(i).id(), creators.get(i));
    }
    List<String> skipped = new ArrayList<>();
    // Inserted in key order: ids are mostly random UUIDs, and a batch sorted by key touches each
    // page of the primary-key B-tree once in a row instead of jumping between pages at every row
    // (which pages stay cached is what a bulk import into a large store pays for). Which creator
    // claims an id was decided above; the order of the inserts changes nothing else.
    List<String> sorted = new ArrayList<>(ids.keySet());
    java.util.Collections.sort(sorted);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO object_creators (object_id, creator) VALUES (?, ?)"
                + " ON CONFLICT (object_id) DO NOTHING")) {
      for (String id : sorted) {
        insert.setString(1, id);
        insert.setString(2, ids.get(id).text());
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      int i = 0;
      for (String id : sorted) {
        int count = counts[i++];
        if (count < 0) {
          throw new SQLException("the driver returned no per-row update count (" + count + ")");
        }
        if (count == 0) {
          skipped.add(id);
        }
      }
    }
    Map<String, Creator> holders = new HashMap<>(ids);
    if (skipped.isEmpty()) {
      return holders;
    }
    Sql select =
        new Sql()
            .append("SELECT object_id, creator FROM object_creators WHERE object_id IN ")
            .inList(skipped);
    try (PreparedStatement s = select.prepare(c);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        holders.put(r.getString(1), Creator.parse(r.getString(2)));
      }
    }
    return holders;
  }

  static Optional<Creator> find(Connection c, String objectId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT creator FROM object_creators WHERE object_id = ?")) {
      s.setString(1, objectId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(Creator.parse(r.getString(1))) : Optional.empty();
      }
    }
  }

  /** Whether a collection holds this exact version (a refused version may be a duplicate). */
  static boolean stored(Connection c, long collectionKey, String id, long versionMicros)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM objects WHERE collection_key = ? AND id = ? AND version_micros = ?")) {
      s.setLong(1, collectionKey);
      s.setString(2, id);
      s.setLong(3, versionMicros);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }
}
