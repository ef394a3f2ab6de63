package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Federation peers, pull cursors and provenance; every method runs in the caller's transaction. */
final class FederationTables {
  private FederationTables() {}

  static void savePeer(Connection c, FederationPeer peer) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO federation_peers (name, settings) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET settings = excluded.settings")) {
      s.setString(1, peer.name());
      s.setString(2, peer.settings());
      s.executeUpdate();
    }
  }

  static List<FederationPeer> peers(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT name, settings FROM federation_peers ORDER BY name");
        ResultSet r = s.executeQuery()) {
      List<FederationPeer> out = new ArrayList<>();
      while (r.next()) {
        out.add(new FederationPeer(r.getString(1), r.getString(2)));
      }
      return out;
    }
  }

  static boolean removePeer(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM federation_peers WHERE name = ?")) {
      s.setString(1, name);
      return s.executeUpdate() > 0;
    }
  }

  static void saveCursor(Connection c, SyncCursor cursor) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO federation_cursors (peer, remote_collection, added_after, updated_micros)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (peer, remote_collection) DO UPDATE SET"
                + " added_after = excluded.added_after, updated_micros = excluded.updated_micros")) {
      s.setString(1, cursor.peer());
      s.setString(2, cursor.remoteCollection());
      s.setString(3, cursor.addedAfter());
      s.setLong(4, ObjectRow.micros(cursor.updated()));
      s.executeUpdate();
    }
  }

  static Optional<SyncCursor> cursor(Connection c, String peer, String remoteCollection)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT added_after, updated_micros FROM federation_cursors"
                + " WHERE peer = ? AND remote_collection = ?")) {
      s.setString(1, peer);
      s.setString(2, remoteCollection);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new SyncCursor(
                    peer, remoteCollection, r.getString(1), ObjectRow.instant(r.getLong(2))))
            : Optional.empty();
      }
    }
  }

  /** Records where the page's versions came from; a version already recorded is kept. */
  static void recordProvenance(Connection c, List<AddOutcome> outcomes, SyncCursor cursor)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO federation_provenance (object_id, version_micros, peer,"
                + " remote_collection, received_micros) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (object_id, version_micros, peer) DO NOTHING")) {
      long received = ObjectRow.micros(cursor.updated());
      for (AddOutcome o : outcomes) {
        s.setString(1, o.id());
        s.setLong(2, o.versionMicros());
        s.setString(3, cursor.peer());
        s.setString(4, cursor.remoteCollection());
        s.setLong(5, received);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static List<Provenance> provenance(Connection c, String objectId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT version_micros, peer, remote_collection, received_micros"
                + " FROM federation_provenance WHERE object_id = ?"
                + " ORDER BY version_micros, received_micros, peer")) {
      s.setString(1, objectId);
      try (ResultSet r = s.executeQuery()) {
        List<Provenance> out = new ArrayList<>();
        while (r.next()) {
          out.add(
              new Provenance(
                  objectId,
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  ObjectRow.instant(r.getLong(4))));
        }
        return out;
      }
    }
  }
}
