package org.wuzhen.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConnection;

/** The one indexed SQL query behind every TAXII object, manifest and versions read. */
final class ObjectReads {
  private ObjectReads() {}

  /**
   * The JSON column as UTF-8 bytes. SQLite hands out a TEXT value's bytes as stored (UTF-8);
   * PostgreSQL's driver has no such contract, so its text is read as a string.
   */
  private static JsonText json(ResultSet r, boolean sqlite) throws SQLException {
    if (sqlite) {
      byte[] utf8 = r.getBytes(7);
      if (utf8 != null) {
        return JsonText.ownUtf8(utf8);
      }
    }
    return JsonText.of(r.getString(7));
  }

  /** The columns {@link #hits} reads, of the objects table as {@code o}. */
  static final String HIT_COLUMNS =
      "SELECT o.id, o.type, o.version, o.version_micros, o.date_added, o.spec_version, o.json,"
          + " o.collection_key";

  /**
   * The version is the latest of its object in its collection: a scalar subquery on the version
   * index, not NOT EXISTS, which PostgreSQL turns into an anti-join over the whole table
   * (docs/storage.md, "How first and last are computed"). An id's key and type code name exactly
   * its versions (migration V57), and the index answers the MAX alone.
   */
  static final String LATEST_IN_COLLECTION =
      " AND o.version_micros = (SELECT MAX(n.version_micros) FROM objects n"
          + " WHERE "
          + VersionPredicates.SAME_ID.formatted("n")
          + ")";

  /**
   * Rows of {@code SELECT o.id, o.type, o.version, o.version_micros, o.date_added, o.spec_version,
   * o.json, o.collection_key} as hits in the collections with these keys.
   */
  static List<Hit> hits(ResultSet r, Map<Long, CollectionId> collections) throws SQLException {
    List<Hit> read = new ArrayList<>();
    while (r.next()) {
      read.add(
          new Hit(
              collections.get(r.getLong(8)),
              new StoredObject(
                  r.getString(1),
                  r.getString(2),
                  Optional.ofNullable(r.getString(3)),
                  r.getLong(4),
                  r.getLong(5),
                  r.getString(6),
                  Optional.of(JsonText.of(r.getString(7))))));
    }
    return read;
  }

  /**
   * A prefix that keeps SQLite from driving a newest-first read by the collection's index: given
   * {@code collection_key IN (...)} it would read every version of those collections through {@code
   * objects_by_key_version} and sort them (measured: minutes at 1,000,000 objects), where walking
   * {@code date_added} backwards stops after the page. Unary plus makes the term unusable by an
   * index; PostgreSQL plans these reads well without it.
   */
  static String notIndexed(Connection c) throws SQLException {
    return c.isWrapperFor(SQLiteConnection.class) ? "+" : "";
  }

  /** The latest versions most recently added to these collections, newest first. */
  static Hits recent(
      Connection c,
      StatementCache statements,
      Map<Long, CollectionId> collections,
      int limit,
      Optional<Long> before)
      throws SQLException {
    Sql sql =
        new Sql()
            .append(
                ObjectReads.HIT_COLUMNS
                    + " FROM objects o WHERE "
                    + ObjectReads.notIndexed(c)
                    + "o.collection_key IN ")
            .inList(collections.keySet());
    before.ifPresent(b -> sql.append(" AND o.date_added < ?", b));
    // Latest version only, as in ObjectText.search.
    sql.append(ObjectReads.LATEST_IN_COLLECTION + " ORDER BY o.date_added DESC LIMIT ?", limit + 1);
    return Hits.page(statements.query(c, sql, r -> hits(r, collections)), limit);
  }

  static ObjectPage query(Connection c, StatementCache statements, long key, ObjectQuery q)
      throws SQLException {
    boolean sqlite = c.isWrapperFor(SQLiteConnection.class);
    Sql sql = querySql(sqlite, key, q);
    List<StoredObject> rows =
        statements.query(
            c,
            sql,
            r -> {
              List<StoredObject> read = new ArrayList<>(Math.min(q.limit() + 1, 1_024));
              while (r.next()) {
                read.add(
                    new StoredObject(
                        r.getString(1),
                        r.getString(2),
                        Optional.ofNullable(r.getString(3)),
                        r.getLong(4),
                        r.getLong(5),
                        r.getString(6),
                        q.withJson() ? Optional.of(json(r, sqlite)) : Optional.empty()));
              }
              return read;
            });
    if (rows.size() <= q.limit()) {
      return new ObjectPage(rows, false, Optional.empty());
    }
    List<StoredObject> page = rows.subList(0, q.limit());
    StoredObject last = page.get(page.size() - 1);
    return new ObjectPage(
        page,
        true,
        Optional.of(new PageCursor(last.dateAddedMicros(), last.id(), last.versionMicros())));
  }

  /** The SQL of {@link #query}. */
  static Sql querySql(boolean sqlite, long key, ObjectQuery q) {
    Sql sql = new Sql().append("SELECT o.id, o.type, o.version, o.version_micros, o.date_added,");
    // Manifests never read the JSON column: the row's text stays on disk.
    sql.append(q.withJson() ? " o.spec_version, o.json" : " o.spec_version");
    sql.append(" FROM objects o WHERE o.collection_key = ?", key);
    if (!q.ids().isEmpty()) {
      // Found by key on the version index, told apart by the text in the row (ids of different
      // types may share a UUID, and so a key's bytes).
      sql.append(" AND o.id_key IN ")
          .inList(q.ids().stream().map(id -> ObjectCreators.Key.of(id).bytes()).toList())
          .append(" AND o.id IN ")
          .inList(q.ids());
    }
    if (!q.types().isEmpty()) {
      sql.append(" AND o.type IN ").inList(q.types());
    }
    q.addedAfterMicros().ifPresent(after -> sql.append(" AND o.date_added > ?", after));
    // date_added is unique (the primary key), so it alone orders the rows and places the cursor.
    q.after().ifPresent(cursor -> sql.append(" AND o.date_added > ?", cursor.dateAddedMicros()));
    VersionPredicates.appendSpecVersion(sql, q.specVersions());
    VersionPredicates.appendVersion(sql, q.versions(), q.specVersions());
    // Given ids, SQLite would walk the collection's date_added index to save a sort, probing every
    // version in the collection (over a second for one unknown id at 1,000,000 objects); the ids'
    // own versions are few, so unary plus sends it to objects_by_key_version and a sort of those.
    String order = sqlite && !q.ids().isEmpty() ? "+o.date_added" : "o.date_added";
    // One row beyond the page tells whether there is more.
    sql.append(" ORDER BY " + order + " LIMIT ?", q.limit() + 1);
    return sql;
  }
}
