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
            "SELECT "
                + LogRecords.COLUMNS
                + LogRecords.FROM
                + " WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index")) {
      s.setLong(1, start);
      s.setLong(2, end);
      try (ResultSet r = s.executeQuery()) {
        List<LogLeaf> out = new ArrayList<>();
        while (r.next()) {
          out.add(LogRecords.read(r, 1));
        }
        return out;
      }
    }
  }

  /** Level 0 is the leaf hash; higher levels come from log_nodes. */
  static Optional<LogHash> node(Connection c, int level, long index) throws SQLException {
    String sql =
        level == 0
            ? "SELECT " + LogRecords.COLUMNS + LogRecords.FROM + " WHERE l.leaf_index = ?"
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
            level == 0 ? LogRecords.read(r, 1).leafHash() : new LogHash(r.getBytes(1)));
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
            "SELECT "
                + LogRecords.COLUMNS
                + ", o.json FROM objects o"
                + " JOIN log_leaves l ON l.date_added = o.date_added"
                + " LEFT JOIN collections c ON c.key = l.collection_key"
                // A delete leaf shares the date_added of the version it removed, which is gone.
                + " WHERE o.collection_key = ? AND o.id = ? ORDER BY l.leaf_index")) {
      s.setLong(1, collectionKey);
      s.setString(2, objectId);
      try (ResultSet r = s.executeQuery()) {
        List<ObjectLogEntry> out = new ArrayList<>();
        while (r.next()) {
          out.add(new ObjectLogEntry(LogRecords.read(r, 1), r.getString(8)));
        }
        return out;
      }
    }
  }

  static List<LogLeaf> leavesAt(Connection c, long dateAdded) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + LogRecords.COLUMNS
                + LogRecords.FROM
                + " WHERE l.date_added = ? ORDER BY l.leaf_index")) {
      s.setLong(1, dateAdded);
      try (ResultSet r = s.executeQuery()) {
        List<LogLeaf> out = new ArrayList<>();
        while (r.next()) {
          out.add(LogRecords.read(r, 1));
        }
        return out;
      }
    }
  }
}
