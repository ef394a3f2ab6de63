package org.wuzhen.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import org.wuzhen.stix.CanonicalJson;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.StixFormatException;

/**
 * The transparency log's leaves as the store writes them: one canonical record per accepted write,
 * appended in the transaction of that write. Callers hold the store_clock row lock, which makes the
 * leaf index gap-free and strictly increasing in commit order (also across processes on one
 * PostgreSQL).
 *
 * <p>A record is RFC 8785 canonical JSON with members in sorted order, built by hand because its
 * members are fixed: re-canonicalising through a JSON tree would cost more than the insert.
 */
final class LogRecords {
  static final String INSERT =
      "INSERT INTO log_leaves (leaf_index, date_added, record) VALUES (?, ?, ?)";

  /**
   * The columns a leaf is read from, for {@link #read}; the statement joins {@code collections c}
   * on the add leaf's collection key.
   */
  static final String COLUMNS =
      "l.leaf_index, l.record, c.id, l.date_added, l.object_id, l.version_micros, l.sha256";

  static final String FROM =
      " FROM log_leaves l LEFT JOIN collections c ON c.key = l.collection_key";

  private LogRecords() {}

  /**
   * The next leaf index, past the leaves of both tables; the caller holds the store_clock lock. One
   * statement (a round trip on PostgreSQL), O(log n) on the primary keys.
   */
  static long nextIndex(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT (SELECT MAX(leaf_index) FROM log_leaves),"
                    + " (SELECT first_leaf + leaf_count FROM log_add_runs"
                    + " ORDER BY first_leaf DESC LIMIT 1)");
        ResultSet r = s.executeQuery()) {
      r.next();
      long max = r.getLong(1);
      long leaves = r.wasNull() ? 0 : max + 1;
      long runsEnd = r.getLong(2);
      return Math.max(leaves, r.wasNull() ? 0 : runsEnd);
    }
  }

  /** Locks the store_clock row (as add() does) and returns the next leaf index. */
  static long lockAndNextIndex(Connection c, Dialect dialect) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(dialect.lockClock());
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new SQLException("store_clock has no row; the schema is damaged");
      }
    }
    return nextIndex(c);
  }

  /** Binds one leaf to the {@link #INSERT} statement and adds it to the batch. */
  static void addLeaf(PreparedStatement insert, long index, Long dateAdded, String record)
      throws SQLException {
    insert.setLong(1, index);
    if (dateAdded == null) {
      insert.setNull(2, java.sql.Types.BIGINT);
    } else {
      insert.setLong(2, dateAdded);
    }
    insert.setString(3, record);
    insert.addBatch();
  }

  /** Appends one leaf that no object addition keys (deletes, accounts). */
  static void append(Connection c, Dialect dialect, String record) throws SQLException {
    long index = lockAndNextIndex(c, dialect);
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      addLeaf(insert, index, null, record);
      insert.executeBatch();
    }
  }

  /** The leaf at the current row, whose first columns are {@link #COLUMNS} from {@code offset}. */
  static LogLeaf read(ResultSet r, int offset, LeafSalts salts) throws SQLException {
    long index = r.getLong(offset);
    String record = r.getString(offset + 1);
    if (record != null) {
      return salts.leaf(index, record, subject(record));
    }
    String collection = r.getString(offset + 2);
    if (collection == null) {
      throw new SQLException("log leaf " + index + ": its collection key names no collection");
    }
    long dateAdded = r.getLong(offset + 3);
    String objectId = r.getString(offset + 4);
    long versionMicros = r.getLong(offset + 5);
    return salts.leaf(
        index,
        added(collection, dateAdded, objectId, versionMicros, r.getBytes(offset + 6)),
        new LeafSubject.ObjectAdded(
            CollectionId.parse(collection), objectId, versionMicros, dateAdded));
  }

  /**
   * What a record is about, read back from its text (the store wrote it, but the row may have been
   * changed since: anything unexpected is {@link LeafSubject.Unrecognised}, never an error, so a
   * damaged leaf is still served as a hash and found by a full audit).
   */
  static LeafSubject subject(String record) {
    try {
      JsonFields f = JsonFields.of(Json.parse(record), "record");
      String op = f.string("op");
      return switch (op) {
        case "add" ->
            new LeafSubject.ObjectAdded(
                CollectionId.parse(f.string("collection")),
                f.string("id"),
                f.integer("version_micros"),
                f.integer("date_added"));
        case "delete" ->
            new LeafSubject.ObjectDeleted(
                CollectionId.parse(f.string("collection")),
                f.string("id"),
                f.integer("version_micros"),
                f.integer("date_added"));
        case "member" -> new LeafSubject.MemberAdded(f.string("name"));
        case "user" -> new LeafSubject.UserAdded(f.string("name"), f.string("member"));
        case "grant" ->
            new LeafSubject.Granted(
                CollectionId.parse(f.string("collection")), Principal.parse(f.string("principal")));
        default -> new LeafSubject.Unrecognised("unknown op '" + op + "'");
      };
    } catch (StixFormatException | IllegalArgumentException e) {
      return new LeafSubject.Unrecognised(e.getMessage());
    }
  }

  static String added(
      String collection, long dateAdded, String objectId, long versionMicros, byte[] sha256) {
    return "{\"collection\":"
        + quote(collection)
        + ",\"date_added\":"
        + dateAdded
        + ",\"id\":"
        + quote(objectId)
        + ",\"op\":\"add\",\"sha256\":\""
        + HexFormat.of().formatHex(sha256)
        + "\",\"version_micros\":"
        + versionMicros
        + "}";
  }

  static String deleted(String collection, long dateAdded, String id, long versionMicros) {
    return "{\"collection\":"
        + quote(collection)
        + ",\"date_added\":"
        + dateAdded
        + ",\"id\":"
        + quote(id)
        + ",\"op\":\"delete\",\"version_micros\":"
        + versionMicros
        + "}";
  }

  static String member(Member m) {
    return "{\"identity_id\":"
        + quote(m.identityId())
        + ",\"name\":"
        + quote(m.name())
        + ",\"op\":\"member\"}";
  }

  static String user(User u) {
    return "{\"admin\":"
        + u.admin()
        + ",\"member\":"
        + quote(u.memberName())
        + ",\"name\":"
        + quote(u.name())
        + ",\"op\":\"user\"}";
  }

  static String grant(Permission p) {
    return "{\"can_read\":"
        + p.canRead()
        + ",\"can_write\":"
        + p.canWrite()
        + ",\"collection\":"
        + quote(p.collection().toString())
        + ",\"op\":\"grant\",\"principal\":"
        + quote(p.principal().text())
        + "}";
  }

  /** RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 || record as UTF-8). */
  static byte[] leafHash(String record) {
    MessageDigest sha = SHA256.get();
    sha.update((byte) 0);
    return sha.digest(record.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] utf8) {
    return sha256(utf8, utf8.length);
  }

  static byte[] sha256(byte[] utf8, int length) {
    MessageDigest digest = SHA256.get();
    digest.update(utf8, 0, length);
    return digest.digest();
  }

  // One digest per thread (digest() resets it): a provider lookup per leaf cost more than hashing.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(LogRecords::sha256);

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** A JSON string as RFC 8785 writes it; ids and names rarely need escaping, so check first. */
  private static String quote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch == '"' || ch == '\\') {
        return CanonicalJson.write(new JsonString(s));
      }
    }
    return "\"" + s + "\"";
  }
}
