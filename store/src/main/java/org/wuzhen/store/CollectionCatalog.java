package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/** The collections table. */
final class CollectionCatalog {
  private static final String COLUMNS = "id, title, description, alias, media_types";

  private CollectionCatalog() {}

  /**
   * The collection's short key, which the objects table uses.
   *
   * @throws StoreException.NotFound naming the collection when it does not exist
   */
  static long require(Connection c, CollectionId id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT key FROM collections WHERE id = ?")) {
      s.setString(1, id.toString());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new StoreException.NotFound("collection " + id + " does not exist");
        }
        return r.getLong(1);
      }
    }
  }

  static CollectionInfo create(Connection c, Dialect dialect, CollectionInfo info)
      throws SQLException {
    if (find(c, info.id()).isPresent()) {
      throw new StoreException.Conflict("collection " + info.id() + " already exists");
    }
    if (info.alias().isPresent()) {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM collections WHERE alias = ?")) {
        s.setString(1, info.alias().get());
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            throw new StoreException.Conflict(
                "collection alias '" + info.alias().get() + "' is taken by " + r.getString(1));
          }
        }
      }
    }
    List<JsonValue> mediaTypes = new ArrayList<>();
    info.mediaTypes().forEach(m -> mediaTypes.add(new JsonString(m)));
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO collections (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, info.id().toString());
      s.setString(2, info.title());
      s.setString(3, info.description().orElse(null));
      s.setString(4, info.alias().orElse(null));
      s.setString(5, Json.write(new JsonArray(mediaTypes)));
      s.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new StoreException.Conflict(
            "collection " + info.id() + " or its alias was created concurrently");
      }
      throw e;
    }
    return info;
  }

  static List<CollectionInfo> all(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT " + COLUMNS + " FROM collections ORDER BY key");
        ResultSet r = s.executeQuery()) {
      List<CollectionInfo> out = new ArrayList<>();
      while (r.next()) {
        out.add(read(r));
      }
      return out;
    }
  }

  static Optional<CollectionInfo> find(Connection c, CollectionId id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM collections WHERE id = ?")) {
      s.setString(1, id.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static CollectionInfo read(ResultSet r) throws SQLException {
    List<String> mediaTypes = new ArrayList<>();
    if (Json.parse(r.getString(5)) instanceof JsonArray array) {
      for (JsonValue v : array.elements()) {
        if (v instanceof JsonString s) {
          mediaTypes.add(s.value());
        }
      }
    }
    return new CollectionInfo(
        CollectionId.parse(r.getString(1)),
        r.getString(2),
        Optional.ofNullable(r.getString(3)),
        Optional.ofNullable(r.getString(4)),
        mediaTypes);
  }
}
