package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/** TAXII status resources; the three detail lists are kept as one JSON text. */
final class StatusTable {
  private StatusTable() {}

  /** Inserts or replaces (a pending status is saved again when it completes). */
  static void save(Connection c, StatusRecord status) throws SQLException {
    JsonObject details =
        JsonObject.builder()
            .put("successes", write(status.successes()))
            .put("failures", write(status.failures()))
            .put("pendings", write(status.pendings()))
            .build();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO statuses (id, request_micros, details) VALUES (?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET request_micros = excluded.request_micros,"
                + " details = excluded.details")) {
      s.setString(1, status.id());
      s.setLong(2, ObjectRow.micros(status.requestTimestamp()));
      s.setString(3, Json.write(details));
      s.executeUpdate();
    }
  }

  static Optional<StatusRecord> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT request_micros, details FROM statuses WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        JsonObject details = (JsonObject) Json.parse(r.getString(2));
        return Optional.of(
            new StatusRecord(
                id,
                ObjectRow.instant(r.getLong(1)),
                read(details, "successes"),
                read(details, "failures"),
                read(details, "pendings")));
      }
    }
  }

  static int purge(Connection c, Instant requestedBefore) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM statuses WHERE request_micros < ?")) {
      s.setLong(1, ObjectRow.micros(requestedBefore));
      return s.executeUpdate();
    }
  }

  private static JsonArray write(List<StatusRecord.Detail> details) {
    List<JsonValue> out = new ArrayList<>(details.size());
    for (StatusRecord.Detail d : details) {
      JsonObject.Builder b = JsonObject.builder().put("id", d.id());
      d.version().ifPresent(v -> b.put("version", v));
      d.message().ifPresent(m -> b.put("message", m));
      out.add(b.build());
    }
    return new JsonArray(out);
  }

  private static List<StatusRecord.Detail> read(JsonObject details, String list) {
    List<StatusRecord.Detail> out = new ArrayList<>();
    for (JsonValue v : details.array(list).orElse(JsonArray.EMPTY).elements()) {
      JsonObject d = (JsonObject) v;
      out.add(
          new StatusRecord.Detail(
              d.string("id").orElseThrow(), d.string("version"), d.string("message")));
    }
    return out;
  }
}
