package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;

/**
 * The full-text index of object versions (migration V50): what of a version is indexed, its writes
 * inside the add and delete transactions, the backfill of versions stored before the index existed,
 * and the search.
 */
final class ObjectText {
  /** Properties whose text is searched: names, descriptions and what notes and opinions say. */
  private static final List<String> TEXT = List.of("name", "description", "abstract", "content");

  /** Characters of words indexed per version; longer texts are searchable by their beginning. */
  static final int MAX_TEXT = 65_536;

  private static final int BACKFILL_BATCH = 1_000;

  private ObjectText() {}

  /**
   * What the index holds of one version.
   *
   * @param words the version's search words, separated by spaces
   * @param tlp the strictest TLP marking's {@code tlp_2_0} value
   * @param createdBy {@code created_by_ref}, lower-cased
   */
  record Entry(String words, boolean revoked, Optional<String> tlp, Optional<String> createdBy) {}

  /** The entry of a version; empty when it has no text to search. */
  static Optional<Entry> of(StixObject object) {
    StringBuilder words = new StringBuilder();
    for (String property : TEXT) {
      object.string(property).ifPresent(t -> append(words, t));
    }
    object.string("explanation").ifPresent(t -> append(words, t));
    if (object.get("aliases").orElse(JsonArray.EMPTY) instanceof JsonArray aliases) {
      for (JsonValue alias : aliases.elements()) {
        if (alias instanceof JsonString s) {
          append(words, s.value());
        }
      }
    }
    if (words.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            words.toString(),
            object.revoked(),
            Tlp.strictestOf(object.objectMarkingRefs()).map(Tlp::tlp2Value),
            object.createdByRef().map(r -> r.toLowerCase(Locale.ROOT))));
  }

  private static void append(StringBuilder words, String text) {
    for (String word : SearchWords.of(text)) {
      if (words.length() + word.length() + 1 > MAX_TEXT) {
        return;
      }
      if (!words.isEmpty()) {
        words.append(' ');
      }
      words.append(word);
    }
  }

  /** Indexes versions just added: their date_added and entries, in the same order. */
  static void insert(Connection c, Dialect dialect, List<Long> dateAdded, List<Entry> entries)
      throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    String sql =
        switch (dialect) {
          case SQLITE ->
              "INSERT INTO object_text (rowid, words, revoked, tlp, created_by)"
                  + " VALUES (?, ?, ?, ?, ?)";
          case POSTGRESQL ->
              "INSERT INTO object_text (date_added, words, revoked, tlp, created_by)"
                  + " VALUES (?, to_tsvector('simple', ?), ?, ?, ?)";
        };
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        s.setLong(1, dateAdded.get(i));
        s.setString(2, e.words());
        s.setBoolean(3, e.revoked());
        setOptional(s, 4, e.tlp());
        setOptional(s, 5, e.createdBy());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void setOptional(PreparedStatement s, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      s.setString(index, value.get());
    } else {
      s.setNull(index, Types.VARCHAR);
    }
  }

  /** Removes deleted versions from the index (a version without text has no row: no matter). */
  static void delete(Connection c, Dialect dialect, List<Long> dateAdded) throws SQLException {
    String sql =
        switch (dialect) {
          case SQLITE -> "DELETE FROM object_text WHERE rowid = ?";
          case POSTGRESQL -> "DELETE FROM object_text WHERE date_added = ?";
        };
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (long d : dateAdded) {
        s.setLong(1, d);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Indexes the versions stored before the index existed, a batch per transaction, until none is
   * left. Each batch holds the backfill row's lock, so two nodes opening one PostgreSQL database
   * index each version once.
   */
  static void backfill(Database db) {
    boolean more = true;
    while (more) {
      more = db.write("index stored objects for full-text search", c -> backfillBatch(c, db));
    }
  }

  private static boolean backfillBatch(Connection c, Database db) throws SQLException {
    String lock =
        db.dialect == Dialect.POSTGRESQL
            ? "SELECT done_upto, upto FROM object_text_backfill WHERE id = 1 FOR UPDATE"
            : "SELECT done_upto, upto FROM object_text_backfill WHERE id = 1";
    long done;
    long upto;
    try (PreparedStatement s = c.prepareStatement(lock);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return false;
      }
      done = r.getLong(1);
      upto = r.getLong(2);
    }
    List<Long> dateAdded = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    long last = done;
    int read = 0;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT date_added, json FROM objects WHERE date_added > ? AND date_added <= ?"
                + " ORDER BY date_added LIMIT ?")) {
      s.setLong(1, done);
      s.setLong(2, upto);
      s.setInt(3, BACKFILL_BATCH);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          read++;
          last = r.getLong(1);
          Optional<Entry> entry = entryOfStored(r.getString(2));
          if (entry.isPresent()) {
            dateAdded.add(last);
            entries.add(entry.get());
          }
        }
      }
    }
    insert(c, db.dialect, dateAdded, entries);
    String advance =
        read < BACKFILL_BATCH
            ? "DELETE FROM object_text_backfill WHERE id = 1"
            : "UPDATE object_text_backfill SET done_upto = " + last + " WHERE id = 1";
    try (PreparedStatement s = c.prepareStatement(advance)) {
      s.executeUpdate();
    }
    return read == BACKFILL_BATCH;
  }

  /**
   * A stored version was valid when it was added; one that no longer reads as an object (a rule of
   * this release tighter than the one that stored it) is left out of the index, not fatal.
   */
  private static Optional<Entry> entryOfStored(String json) {
    try {
      return of(StixObject.parse(json));
    } catch (StixFormatException e) {
      return Optional.empty();
    }
  }

  /** The page of hits of a query over the collections with these keys. */
  static TextMatches search(
      Connection c,
      Dialect dialect,
      StatementCache statements,
      Map<Long, CollectionId> collections,
      TextQuery q)
      throws SQLException {
    boolean sqlite = dialect == Dialect.SQLITE;
    Sql sql =
        new Sql()
            .append(
                "SELECT o.id, o.type, o.version, o.version_micros, o.date_added, o.spec_version,"
                    + " o.json, o.collection_key FROM object_text t JOIN objects o ON o.date_added"
                    + (sqlite ? " = t.rowid" : " = t.date_added"));
    if (sqlite) {
      sql.append(" WHERE t.words MATCH ?", ftsQuery(q.words()));
    } else {
      sql.append(" WHERE t.words @@ to_tsquery('simple', ?)", tsQuery(q.words()));
    }
    String position = sqlite ? "t.rowid" : "t.date_added";
    sql.append(" AND o.collection_key IN ").inList(collections.keySet());
    if (!q.types().isEmpty()) {
      sql.append(" AND o.type IN ").inList(q.types());
    }
    q.tlp().ifPresent(t -> sql.append(" AND t.tlp = ?", t.tlp2Value()));
    q.createdBy().ifPresent(b -> sql.append(" AND t.created_by = ?", b.toLowerCase(Locale.ROOT)));
    q.revoked().ifPresent(r -> sql.append(" AND t.revoked = ?", r));
    q.before().ifPresent(b -> sql.append(" AND " + position + " < ?", b));
    // The latest version of the object in its collection: what an object page shows. A scalar
    // subquery on the version index, not NOT EXISTS, which PostgreSQL turns into an anti-join over
    // the whole table (docs/storage.md, "How first and last are computed").
    sql.append(
        " AND o.version_micros = (SELECT MAX(n.version_micros) FROM objects n"
            + " WHERE n.collection_key = o.collection_key AND n.id = o.id)");
    sql.append(" ORDER BY " + position + " DESC LIMIT ?", q.limit() + 1);
    List<TextMatch> rows =
        statements.query(
            c,
            sql,
            r -> {
              List<TextMatch> read = new ArrayList<>();
              while (r.next()) {
                read.add(
                    new TextMatch(
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
            });
    if (rows.size() <= q.limit()) {
      return new TextMatches(rows, false, Optional.empty());
    }
    List<TextMatch> page = rows.subList(0, q.limit());
    return new TextMatches(page, true, Optional.of(page.getLast().object().dateAddedMicros()));
  }

  /** FTS5: every word as the start of a word; words are letters and digits, safe in quotes. */
  private static String ftsQuery(List<String> words) {
    return String.join(" AND ", words.stream().map(w -> "\"" + w + "\"*").toList());
  }

  /** PostgreSQL tsquery: every word as a prefix; words are letters and digits only. */
  private static String tsQuery(List<String> words) {
    return String.join(" & ", words.stream().map(w -> w + ":*").toList());
  }
}
