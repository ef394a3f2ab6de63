package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    SearchWords.appendTo(words, text, MAX_TEXT);
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
  static Hits search(
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
                ObjectReads.HIT_COLUMNS
                    + " FROM object_text t JOIN objects o ON o.date_added"
                    + (sqlite ? " = t.rowid" : " = t.date_added"));
    if (sqlite) {
      sql.append(" WHERE t.words MATCH ?", ftsQuery(c, q.words()));
    } else {
      sql.append(" WHERE t.words @@ to_tsquery('simple', ?)", tsQuery(q.words()));
    }
    String position = sqlite ? "t.rowid" : "t.date_added";
    // The word index drives the read, never the collections' (see ObjectReads.notIndexed).
    sql.append(" AND " + ObjectReads.notIndexed(c) + "o.collection_key IN ")
        .inList(collections.keySet());
    if (!q.types().isEmpty()) {
      sql.append(" AND o.type IN ").inList(q.types());
    }
    q.tlp().ifPresent(t -> sql.append(" AND t.tlp = ?", t.tlp2Value()));
    q.createdBy().ifPresent(b -> sql.append(" AND t.created_by = ?", b.toLowerCase(Locale.ROOT)));
    q.revoked().ifPresent(r -> sql.append(" AND t.revoked = ?", r));
    q.before().ifPresent(b -> sql.append(" AND " + position + " < ?", b));
    // The latest version of the object in its collection: what an object page shows.
    sql.append(ObjectReads.LATEST_IN_COLLECTION);
    sql.append(" ORDER BY " + position + " DESC LIMIT ?", q.limit() + 1);
    return Hits.page(statements.query(c, sql, r -> ObjectReads.hits(r, collections)), q.limit());
  }

  /** Longer words of the index a search word stands for before it is searched as a prefix. */
  static final int MAX_EXPANSION = 16;

  /**
   * FTS5: every word as the start of a word; words are letters and digits, safe in quotes. FTS5
   * answers a prefix term ({@code "loadgen"*}) by merging the whole doclist of every word it starts
   * before the first row comes out: 270 ms for a word in 990,000 objects, where the same word as a
   * plain term is read lazily, newest first, and stops after the page (0.2 ms). So a word that
   * starts at most {@link #MAX_EXPANSION} longer words of the index is searched as itself OR those
   * words, which matches exactly what the prefix matches; only a word that starts more stays a
   * prefix term.
   */
  private static String ftsQuery(Connection c, List<String> words) throws SQLException {
    List<String> terms = new ArrayList<>();
    for (String w : words) {
      Optional<List<String>> longer = longerWords(c, w);
      if (longer.isEmpty()) {
        terms.add(quoted(w) + "*");
      } else if (longer.get().isEmpty()) {
        terms.add(quoted(w));
      } else {
        List<String> any = new ArrayList<>();
        any.add(quoted(w));
        longer.get().forEach(l -> any.add(quoted(l)));
        terms.add("(" + String.join(" OR ", any) + ")");
      }
    }
    return String.join(" AND ", terms);
  }

  private static String quoted(String word) {
    return "\"" + word.replace("\"", "\"\"") + "\"";
  }

  /**
   * The words of the index that start with {@code word} and are longer, from FTS5's vocabulary;
   * empty when there are more than {@link #MAX_EXPANSION}. The range starts at {@code word + "0"}:
   * an indexed word holds only letters and digits, none below '0', and the vocabulary counts the
   * documents of every word it passes, which for {@code word} itself may be half the store.
   */
  private static Optional<List<String>> longerWords(Connection c, String word) throws SQLException {
    try (Statement s = c.createStatement()) {
      // A temporary table of this connection: a view of the index, nothing stored.
      s.execute(
          "CREATE VIRTUAL TABLE IF NOT EXISTS temp.object_text_words"
              + " USING fts5vocab(main, object_text, 'row')");
    }
    List<String> longer = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT term FROM temp.object_text_words WHERE term >= ? AND term <= ? LIMIT ?")) {
      s.setString(1, word + "0");
      s.setString(2, word + Character.toString(Character.MAX_CODE_POINT));
      s.setInt(3, MAX_EXPANSION + 1);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String term = r.getString(1);
          if (term.startsWith(word) && term.length() > word.length()) {
            longer.add(term);
          }
        }
      }
    }
    return longer.size() > MAX_EXPANSION ? Optional.empty() : Optional.of(longer);
  }

  /** PostgreSQL tsquery: every word as a prefix; words are letters and digits only. */
  private static String tsQuery(List<String> words) {
    return String.join(" & ", words.stream().map(w -> w + ":*").toList());
  }
}
