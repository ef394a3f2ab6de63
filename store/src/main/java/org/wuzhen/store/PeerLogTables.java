package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Peers' verified log heads and inconsistency flags; every method runs in the caller's transaction.
 */
final class PeerLogTables {
  private PeerLogTables() {}

  private static final String HEAD_COLUMNS =
      "peer, public_key, tree_size, root_hash, head_timestamp, key_id, signature, verified_micros";

  static void saveHead(Connection c, PeerHead h) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO federation_peer_heads ("
                + HEAD_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (peer) DO UPDATE SET"
                + " public_key = excluded.public_key, tree_size = excluded.tree_size,"
                + " root_hash = excluded.root_hash, head_timestamp = excluded.head_timestamp,"
                + " key_id = excluded.key_id, signature = excluded.signature,"
                + " verified_micros = excluded.verified_micros")) {
      s.setString(1, h.peer());
      s.setString(2, h.publicKey());
      s.setLong(3, h.treeSize());
      s.setBytes(4, h.rootHash().bytes());
      s.setLong(5, h.timestamp());
      s.setString(6, h.keyId());
      s.setString(7, h.signature());
      s.setLong(8, ObjectRow.micros(h.verified()));
      s.executeUpdate();
    }
  }

  static List<PeerHead> heads(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT " + HEAD_COLUMNS + " FROM federation_peer_heads ORDER BY peer");
        ResultSet r = s.executeQuery()) {
      List<PeerHead> out = new ArrayList<>();
      while (r.next()) {
        out.add(
            new PeerHead(
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                new LogHash(r.getBytes(4)),
                r.getLong(5),
                r.getString(6),
                r.getString(7),
                ObjectRow.instant(r.getLong(8))));
      }
      return out;
    }
  }

  /** Inserts the flag unless the peer is flagged already; true when it was inserted. */
  static boolean flag(Connection c, PeerFlag f) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO federation_peer_flags (peer, message, flagged_micros) VALUES (?, ?, ?)"
                + " ON CONFLICT (peer) DO NOTHING")) {
      s.setString(1, f.peer());
      s.setString(2, f.message());
      s.setLong(3, ObjectRow.micros(f.flagged()));
      return s.executeUpdate() > 0;
    }
  }

  static List<PeerFlag> flags(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT peer, message, flagged_micros FROM federation_peer_flags ORDER BY peer");
        ResultSet r = s.executeQuery()) {
      List<PeerFlag> out = new ArrayList<>();
      while (r.next()) {
        out.add(new PeerFlag(r.getString(1), r.getString(2), ObjectRow.instant(r.getLong(3))));
      }
      return out;
    }
  }

  /** Deletes the peer's flag and its pinned head; true when either existed. */
  static boolean clear(Connection c, String peer) throws SQLException {
    int deleted = 0;
    for (String table : List.of("federation_peer_flags", "federation_peer_heads")) {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE peer = ?")) {
        s.setString(1, peer);
        deleted += s.executeUpdate();
      }
    }
    return deleted > 0;
  }
}
