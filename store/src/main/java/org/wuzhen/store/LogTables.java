package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads of the transparency log's leaves and writes of its subtree hashes. */
final class LogTables {
  private LogTables() {}

  static long size(Connection c) throws SQLException {
    return LogRecords.nextIndex(c);
  }

  /** Leaves of both tables (log_leaves rows and add runs), merged in index order. */
  static List<LogLeaf> leaves(Connection c, LeafSalts salts, long start, long end)
      throws SQLException {
    List<LogLeaf> rows = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + LogRecords.COLUMNS
                + LogRecords.FROM
                + " WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index")) {
      s.setLong(1, start);
      s.setLong(2, end);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(LogRecords.read(r, 1, salts));
        }
      }
    }
    List<LogLeaf> runs = LogAddRuns.leaves(c, start, end, salts);
    if (rows.isEmpty()) {
      return runs;
    }
    rows.addAll(runs);
    rows.sort(Comparator.comparingLong(LogLeaf::index));
    return rows;
  }

  /** Level 0 is the leaf hash; higher levels come from log_nodes. */
  static Optional<LogHash> node(Connection c, LeafSalts salts, int level, long index)
      throws SQLException {
    if (level == 0) {
      List<LogLeaf> leaf = leaves(c, salts, index, index + 1);
      return leaf.isEmpty() ? Optional.empty() : Optional.of(leaf.getFirst().leafHash());
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT hash FROM log_nodes WHERE level = ? AND node_index = ?")) {
      s.setInt(1, level);
      s.setLong(2, index);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new LogHash(r.getBytes(1))) : Optional.empty();
      }
    }
  }

  static long nodeEnd(Connection c, int level) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT MAX(node_index) FROM log_nodes WHERE level = ?")) {
      s.setInt(1, level);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long max = r.getLong(1);
        return r.wasNull() ? 0 : max + 1;
      }
    }
  }

  /** Subtree hashes are a function of the leaves, so a row already there is left alone. */
  static void putNodes(Connection c, List<LogNode> nodes) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO log_nodes (level, node_index, hash) VALUES (?, ?, ?)"
                + " ON CONFLICT (level, node_index) DO NOTHING")) {
      for (LogNode n : nodes) {
        s.setInt(1, n.level());
        s.setLong(2, n.index());
        s.setBytes(3, n.hash().bytes());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Each stored version of the object with the leaves that share its date_added: its addition (a
   * delete leaf shares the date_added of the version it removed, which is gone).
   */
  static List<ObjectLogEntry> objectEntries(
      Connection c, LeafSalts salts, long collectionKey, String objectId) throws SQLException {
    record Version(long dateAdded, String json) {}
    List<Version> versions = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT date_added, json FROM objects WHERE collection_key = ? AND id_key = ?"
                + " AND id = ?")) {
      s.setLong(1, collectionKey);
      s.setBytes(2, ObjectCreators.Key.of(objectId).bytes());
      s.setString(3, objectId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          versions.add(new Version(r.getLong(1), r.getString(2)));
        }
      }
    }
    List<ObjectLogEntry> out = new ArrayList<>();
    for (Version v : versions) {
      for (LogLeaf leaf : leavesAt(c, salts, v.dateAdded())) {
        out.add(new ObjectLogEntry(leaf, v.json()));
      }
    }
    out.sort(Comparator.comparingLong(e -> e.leaf().index()));
    return out;
  }

  /** The leaves of both tables about the object version given {@code dateAdded}, in index order. */
  static List<LogLeaf> leavesAt(Connection c, LeafSalts salts, long dateAdded) throws SQLException {
    List<LogLeaf> out = new ArrayList<>();
    LogAddRuns.leafAt(c, dateAdded, salts).ifPresent(out::add);
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + LogRecords.COLUMNS
                + LogRecords.FROM
                + " WHERE l.date_added = ? ORDER BY l.leaf_index")) {
      s.setLong(1, dateAdded);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(LogRecords.read(r, 1, salts));
        }
      }
    }
    out.sort(Comparator.comparingLong(LogLeaf::index));
    return out;
  }

  /** Every stored version after {@code after} in date_added order (the objects' primary key). */
  static List<StoredVersion> storedVersions(Connection c, long after, int limit)
      throws SQLException {
    List<StoredVersion> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT c.id, o.id, o.type, o.version, o.version_micros, o.date_added,"
                + " o.spec_version, o.json FROM objects o"
                + " LEFT JOIN collections c ON c.key = o.collection_key"
                + " WHERE o.date_added > ? ORDER BY o.date_added LIMIT ?")) {
      s.setLong(1, after);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String collection = r.getString(1);
          out.add(
              new StoredVersion(
                  Optional.ofNullable(collection).map(CollectionId::parse),
                  new StoredObject(
                      r.getString(2),
                      r.getString(3),
                      Optional.ofNullable(r.getString(4)),
                      r.getLong(5),
                      r.getLong(6),
                      r.getString(7),
                      Optional.of(JsonText.of(r.getString(8))))));
        }
      }
    }
    return out;
  }
}
