package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the transparency log's leaves and writes of its subtree hashes. */
final class LogTables {
  private LogTables() {}

  static long size(Connection c) throws SQLException {
    return LogRecords.nextIndex(c);
  }

  static List<LogLeaf> leaves(Connection c, long start, long end) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT leaf_index, record FROM log_leaves"
                + " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index")) {
      s.setLong(1, start);
      s.setLong(2, end);
      try (ResultSet r = s.executeQuery()) {
        List<LogLeaf> out = new ArrayList<>();
        while (r.next()) {
          out.add(leaf(r));
        }
        return out;
      }
    }
  }

  private static LogLeaf leaf(ResultSet r) throws SQLException {
    String record = r.getString(2);
    return new LogLeaf(r.getLong(1), new LogHash(LogRecords.leafHash(record)), record);
  }

  /** Level 0 is the leaf hash; higher levels come from log_nodes. */
  static Optional<LogHash> node(Connection c, int level, long index) throws SQLException {
    String sql =
        level == 0
            ? "SELECT record FROM log_leaves WHERE leaf_index = ?"
            : "SELECT hash FROM log_nodes WHERE level = ? AND node_index = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (level == 0) {
        s.setLong(1, index);
      } else {
        s.setInt(1, level);
        s.setLong(2, index);
      }
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new LogHash(level == 0 ? LogRecords.leafHash(r.getString(1)) : r.getBytes(1)));
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

  static List<ObjectLogEntry> objectEntries(Connection c, long collectionKey, String objectId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT l.leaf_index, l.record, o.json FROM objects o"
                + " JOIN log_leaves l ON l.date_added = o.date_added"
                // A delete leaf shares the date_added of the version it removed, which is gone.
                + " WHERE o.collection_key = ? AND o.id = ? ORDER BY l.leaf_index")) {
      s.setLong(1, collectionKey);
      s.setString(2, objectId);
      try (ResultSet r = s.executeQuery()) {
        List<ObjectLogEntry> out = new ArrayList<>();
        while (r.next()) {
          out.add(new ObjectLogEntry(leaf(r), r.getString(3)));
        }
        return out;
      }
    }
  }

  static List<LogLeaf> leavesAt(Connection c, long dateAdded) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT leaf_index, record FROM log_leaves WHERE date_added = ?"
                + " ORDER BY leaf_index")) {
      s.setLong(1, dateAdded);
      try (ResultSet r = s.executeQuery()) {
        List<LogLeaf> out = new ArrayList<>();
        while (r.next()) {
          out.add(leaf(r));
        }
        return out;
      }
    }
  }
}
