package org.wuzhen.store;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code object_creators} table: the creator of each object id, fixed by its first stored
 * version in any collection and never changed (a delete keeps it, so an id cannot change hands).
 * Since migration V55 a row is keyed by {@link Key} and names its creator by a code of {@code
 * creators}. Every method runs inside the caller's transaction.
 */
final class ObjectCreators {
  private ObjectCreators() {}

  /**
   * An object id as the table's key: {@code TYPE--UUID} with a canonical lower-case UUID as the
   * UUID's 16 bytes and {@code TYPE} (its code in {@code object_types}); any other id as its UTF-8
   * bytes and no type (code 0). A function of the id's text alone, the same as migration V55's SQL.
   */
  record Key(byte[] bytes, Optional<String> type) implements Comparable<Key> {
    private static final int UUID_LENGTH = 36;

    static Key of(String id) {
      int at = id.length() - UUID_LENGTH;
      if (at >= 2 && id.charAt(at - 1) == '-' && id.charAt(at - 2) == '-') {
        byte[] uuid = uuidBytes(id, at);
        if (uuid != null) {
          return new Key(uuid, Optional.of(id.substring(0, at - 2)));
        }
      }
      return new Key(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.empty());
    }

    /** The 16 bytes of the canonical UUID at {@code from}, else null. */
    private static byte[] uuidBytes(String id, int from) {
      byte[] out = new byte[16];
      int n = 0;
      for (int i = 0; i < UUID_LENGTH; i++) {
        char ch = id.charAt(from + i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (ch != '-') {
            return null;
          }
          continue;
        }
        int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
        if (digit < 0) {
          return null;
        }
        out[n / 2] |= (byte) ((n % 2 == 0) ? digit << 4 : digit);
        n++;
      }
      return out;
    }

    /** The order of the primary key's B-tree (bytes unsigned, as memcmp; then the type). */
    @Override
    public int compareTo(Key o) {
      int c = Arrays.compareUnsigned(bytes, o.bytes);
      return c != 0 ? c : type.orElse("").compareTo(o.type.orElse(""));
    }
  }

  /**
   * An id's key as the {@code objects} table stores it beside the id (migration V57): the bytes of
   * its {@link Key} and the code of its type, 0 for an id whose key has no type.
   */
  record StoredKey(byte[] idKey, int typeCode) {}

  /**
   * What a claim answers: the creator holding each id of the rows, and each id's stored key (the
   * claim has computed both, and the objects' inserts need the key).
   */
  record Claims(Map<String, Creator> holders, Map<String, StoredKey> keys) {}

  /**
   * Claims every id of {@code rows} not yet claimed for {@code creator}, and answers the ids that
   * another creator holds, with that creator. Insert first, look up only what the insert skipped: a
   * batch of new objects costs one batch of primary-key inserts and no query.
   */
  static Claims claim(Connection c, List<Creator> creators, List<ObjectRow> rows)
      throws SQLException {
    // The first row of an id decides who claims it; a later row of the same id in this call by
    // another creator is then refused like any other.
    Map<String, Creator> ids = new HashMap<>(rows.size() * 2);
    List<Key> keys = new ArrayList<>(rows.size());
    List<String> keyIds = new ArrayList<>(rows.size());
    List<String> types = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      String id = rows.get(i).id();
      if (ids.putIfAbsent(id, creators.get(i)) == null) {
        Key key = Key.of(id);
        keys.add(key);
        keyIds.add(id);
        key.type().ifPresent(types::add);
      }
    }
    // A call has one creator or a few (a pulled page names its origins): codes per creator, not
    // per row.
    Map<Creator, Integer> creatorCodes = new HashMap<>();
    for (Creator creator : new java.util.LinkedHashSet<>(creators)) {
      creatorCodes.put(creator, null);
    }
    Map<String, Integer> byText =
        Codes.CREATORS.claim(c, creatorCodes.keySet().stream().map(Creator::text).toList());
    creatorCodes.replaceAll((creator, code) -> byText.get(creator.text()));
    Map<String, Integer> typeCodes = Codes.TYPES.claim(c, types);
    // Inserted in key order: the keys are mostly random UUIDs, and a batch sorted by key touches
    // each page of the primary-key B-tree once in a row instead of jumping between pages at every
    // row. Which creator claims an id was decided above; the order changes nothing else.
    Integer[] order = new Integer[keys.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> keys.get(a).compareTo(keys.get(b)));
    // The ids another creator may hold, by their key as stored (bytes and type code).
    Map<Stored, String> skipped = new HashMap<>();
    Map<String, StoredKey> stored = new HashMap<>(keys.size() * 2);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO object_creators (id_key, type_code, creator_code) VALUES (?, ?, ?)"
                + " ON CONFLICT (id_key, type_code) DO NOTHING")) {
      int[] codes = new int[order.length];
      for (int i = 0; i < order.length; i++) {
        Key key = keys.get(order[i]);
        codes[i] = key.type().isEmpty() ? 0 : typeCodes.get(key.type().get());
        stored.put(keyIds.get(order[i]), new StoredKey(key.bytes(), codes[i]));
        insert.setBytes(1, key.bytes());
        insert.setInt(2, codes[i]);
        insert.setInt(3, creatorCodes.get(ids.get(keyIds.get(order[i]))));
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      for (int i = 0; i < order.length; i++) {
        if (counts[i] < 0) {
          throw new SQLException("the driver returned no per-row update count (" + counts[i] + ")");
        }
        if (counts[i] == 0) {
          skipped.put(
              new Stored(ByteBuffer.wrap(keys.get(order[i]).bytes()), codes[i]),
              keyIds.get(order[i]));
        }
      }
    }
    if (skipped.isEmpty()) {
      return new Claims(ids, stored);
    }
    List<ByteBuffer> lookup = skipped.keySet().stream().map(Stored::bytes).distinct().toList();
    for (int from = 0; from < lookup.size(); from += LOOKUP_CHUNK) {
      Sql select =
          new Sql()
              .append(
                  "SELECT o.id_key, o.type_code, n.creator FROM object_creators o"
                      + " JOIN creators n ON n.code = o.creator_code WHERE o.id_key IN ")
              .inList(
                  lookup.subList(from, Math.min(lookup.size(), from + LOOKUP_CHUNK)).stream()
                      .map(ByteBuffer::array)
                      .toList());
      try (PreparedStatement s = select.prepare(c);
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String id = skipped.get(new Stored(ByteBuffer.wrap(r.getBytes(1)), r.getInt(2)));
          if (id != null) {
            ids.put(id, Creator.parse(r.getString(3)));
          }
        }
      }
    }
    return new Claims(ids, stored);
  }

  private static final int LOOKUP_CHUNK = 1_000;

  /** A key as stored: its bytes (compared by content) and its type code. */
  private record Stored(ByteBuffer bytes, int typeCode) {}

  static Optional<Creator> find(Connection c, String objectId) throws SQLException {
    Key key = Key.of(objectId);
    Optional<Integer> typeCode =
        key.type().isEmpty() ? Optional.of(0) : Codes.TYPES.find(c, key.type().get());
    if (typeCode.isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT n.creator FROM object_creators o JOIN creators n ON n.code = o.creator_code"
                + " WHERE o.id_key = ? AND o.type_code = ?")) {
      s.setBytes(1, key.bytes());
      s.setInt(2, typeCode.get());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(Creator.parse(r.getString(1))) : Optional.empty();
      }
    }
  }

  /** Whether a collection holds this exact version (a refused version may be a duplicate). */
  static boolean stored(Connection c, long collectionKey, String id, long versionMicros)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM objects WHERE collection_key = ? AND id_key = ? AND id = ?"
                + " AND version_micros = ?")) {
      s.setLong(1, collectionKey);
      s.setBytes(2, Key.of(id).bytes());
      s.setString(3, id);
      s.setLong(4, versionMicros);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * A dictionary table of short names and their codes, from 1: {@code object_types}, {@code
   * creators}.
   */
  enum Codes {
    TYPES("object_types", "type"),
    CREATORS("creators", "creator");

    private final String table;
    private final String column;

    Codes(String table, String column) {
      this.table = table;
      this.column = column;
    }

    Optional<Integer> find(Connection c, String name) throws SQLException {
      try (PreparedStatement s =
          c.prepareStatement("SELECT code FROM " + table + " WHERE " + column + " = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(r.getInt(1)) : Optional.empty();
        }
      }
    }

    /**
     * The codes of these names, giving new ones the next codes. A transaction has a few distinct
     * names, so this is a handful of statements; it runs under the clock lock like every claim, so
     * two writers cannot give one code twice.
     */
    Map<String, Integer> claim(Connection c, List<String> names) throws SQLException {
      Map<String, Integer> codes = new HashMap<>();
      List<String> distinct = names.stream().distinct().toList();
      if (distinct.isEmpty()) {
        return codes;
      }
      Sql select =
          new Sql()
              .append("SELECT " + column + ", code FROM " + table + " WHERE " + column + " IN ")
              .inList(distinct);
      try (PreparedStatement s = select.prepare(c);
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          codes.put(r.getString(1), r.getInt(2));
        }
      }
      for (String name : distinct) {
        if (!codes.containsKey(name)) {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " (code, "
                      + column
                      + ") SELECT COALESCE(MAX(code), 0) + 1, ? FROM "
                      + table)) {
            insert.setString(1, name);
            insert.executeUpdate();
          }
          codes.put(name, find(c, name).orElseThrow());
        }
      }
      return codes;
    }
  }
}
