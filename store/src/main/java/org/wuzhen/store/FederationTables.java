package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  /**
   * Records where the page's stored (added or duplicate) versions came from; a version already
   * recorded is kept.
   */
  static void recordProvenance(Connection c, List<AddOutcome> outcomes, SyncCursor cursor)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO federation_provenance (object_id, version_micros, peer,"
                + " remote_collection, received_micros) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (object_id, version_micros, peer) DO NOTHING")) {
      long received = ObjectRow.micros(cursor.updated());
      for (AddOutcome o : outcomes) {
        if (o instanceof AddOutcome.Refused) {
          continue; // not stored, so not received from this peer as far as the node is concerned
        }
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
    return provenance(c, List.of(objectId)).getOrDefault(objectId, List.of());
  }

  /** Bound parameters per query: far below every SQLite and PostgreSQL limit. */
  private static final int IDS_PER_QUERY = 500;

  static Map<String, List<Provenance>> provenance(Connection c, Collection<String> objectIds)
      throws SQLException {
    Map<String, List<Provenance>> out = new HashMap<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(objectIds));
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      Sql select =
          new Sql()
              .append(
                  "SELECT object_id, version_micros, peer, remote_collection, received_micros"
                      + " FROM federation_provenance WHERE object_id IN ")
              .inList(ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)))
              .append(" ORDER BY object_id, version_micros, received_micros, peer");
      try (PreparedStatement s = select.prepare(c);
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String id = r.getString(1);
          out.computeIfAbsent(id, k -> new ArrayList<>())
              .add(
                  new Provenance(
                      id,
                      r.getLong(2),
                      r.getString(3),
                      r.getString(4),
                      ObjectRow.instant(r.getLong(5))));
        }
      }
    }
    return out;
  }
}
