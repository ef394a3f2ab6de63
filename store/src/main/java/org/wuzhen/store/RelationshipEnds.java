package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.StixObject;

/**
 * The ends and type of relationship versions (migrations V51, V53): written in the add and delete
 * transactions, and read to find the relationships from or to some objects.
 */
final class RelationshipEnds {
  private RelationshipEnds() {}

  /** A relationship's source and target, and its {@code relationship_type} when it has one. */
  record Ends(String source, String target, Optional<String> type) {}

  /** The ends of a relationship; empty for any other object. */
  static Optional<Ends> of(StixObject object) {
    if (!object.type().equals("relationship")) {
      return Optional.empty();
    }
    Optional<String> source = object.string("source_ref");
    Optional<String> target = object.string("target_ref");
    return source.isPresent() && target.isPresent()
        ? Optional.of(new Ends(source.get(), target.get(), object.string("relationship_type")))
        : Optional.empty();
  }

  static void insert(Connection c, List<Long> dateAdded, List<Ends> ends) throws SQLException {
    if (ends.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO relationship_ends (date_added, source_ref, target_ref, relationship_type,"
                + " source_key, target_key) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < ends.size(); i++) {
        s.setLong(1, dateAdded.get(i));
        s.setString(2, ends.get(i).source());
        s.setString(3, ends.get(i).target());
        s.setString(4, ends.get(i).type().orElse(null));
        s.setBytes(5, ObjectCreators.Key.of(ends.get(i).source()).bytes());
        s.setBytes(6, ObjectCreators.Key.of(ends.get(i).target()).bytes());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void appendEnd(
      Sql sql, String end, List<byte[]> keys, java.util.Collection<String> ids) {
    sql.append("(r." + end + "_key IN ")
        .inList(keys)
        .append(" AND r." + end + "_ref IN ")
        .inList(ids)
        .append(")");
  }

  static void delete(Connection c, List<Long> dateAdded) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM relationship_ends WHERE date_added = ?")) {
      for (long d : dateAdded) {
        s.setLong(1, d);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * The latest versions of the relationships a query names in these collections, newest first, by
   * position. The ends' indexes find the rows; the type is compared in the same row, so
   * relationships of other types are never joined to their JSON.
   */
  static Hits of(
      Connection c,
      StatementCache statements,
      Map<Long, CollectionId> collections,
      RelationshipQuery query)
      throws SQLException {
    Sql sql =
        new Sql().append(ObjectReads.HIT_COLUMNS + " FROM relationship_ends r JOIN objects o");
    sql.append(" ON o.date_added = r.date_added WHERE (");
    // The indexes are on the ends' keys (V56); the text in the row tells apart ids whose keys
    // coincide (one UUID under several types).
    List<byte[]> keys =
        query.objectIds().stream().map(id -> ObjectCreators.Key.of(id).bytes()).toList();
    switch (query.end()) {
      case SOURCE -> appendEnd(sql, "source", keys, query.objectIds());
      case TARGET -> appendEnd(sql, "target", keys, query.objectIds());
      case EITHER -> {
        appendEnd(sql, "source", keys, query.objectIds());
        sql.append(" OR ");
        appendEnd(sql, "target", keys, query.objectIds());
      }
    }
    sql.append(")");
    if (!query.types().isEmpty()) {
      sql.append(" AND r.relationship_type IN ").inList(query.types());
    }
    sql.append(" AND " + ObjectReads.notIndexed(c) + "o.collection_key IN ")
        .inList(collections.keySet());
    query.before().ifPresent(b -> sql.append(" AND r.date_added < ?", b));
    // Latest version only, as in ObjectText.search.
    sql.append(
        ObjectReads.LATEST_IN_COLLECTION + " ORDER BY r.date_added DESC LIMIT ?",
        query.limit() + 1);
    return Hits.page(
        statements.query(c, sql, r -> ObjectReads.hits(r, collections)), query.limit());
  }
}
