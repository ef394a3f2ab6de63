package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table {@code misp_served_events} (migration V52); both dialects share the SQL. */
final class ServedEvents {
  private ServedEvents() {}

  static Map<String, ServedEvent> of(Connection c, String reader) throws SQLException {
    Map<String, ServedEvent> out = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT event_uuid, content_hash, timestamp, attributes FROM misp_served_events"
                + " WHERE reader = ? ORDER BY event_uuid")) {
      s.setString(1, reader);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.put(
              r.getString(1),
              new ServedEvent(
                  reader, r.getString(1), r.getString(2), r.getLong(3), r.getString(4)));
        }
      }
    }
    return out;
  }

  static void save(Connection c, List<ServedEvent> events) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO misp_served_events (reader, event_uuid, content_hash, timestamp,"
                + " attributes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (reader, event_uuid) DO UPDATE"
                + " SET content_hash = excluded.content_hash, timestamp = excluded.timestamp,"
                + " attributes = excluded.attributes")) {
      for (ServedEvent e : events) {
        s.setString(1, e.reader());
        s.setString(2, e.eventUuid());
        s.setString(3, e.contentHash());
        s.setLong(4, e.timestamp());
        s.setString(5, e.attributes());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
