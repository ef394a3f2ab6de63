package org.wuzhen.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The add leaves of one transaction stored as a few rows of {@code log_add_runs}, runs of
 * consecutive leaves (migration V40, which gives the entries' byte format). Reads rebuild each
 * leaf's record exactly as {@link LogRecords#added} writes it, so a leaf hashes the same whichever
 * table holds it.
 */
final class LogAddRuns {
  private static final int FIXED_ENTRY_BYTES = 8 + 8 + 32 + 2;
  private static final int MAX_ID_BYTES = 0xFFFF;

  /** The entries of one run row at most (one entry alone may exceed it). */
  static final int MAX_RUN_BYTES = 6000;

  private static final String COLUMNS =
      "r.first_leaf, r.leaf_count, c.id, r.entries FROM log_add_runs r"
          + " LEFT JOIN collections c ON c.key = r.collection_key";

  private LogAddRuns() {}

  /** One add leaf of a run being written: the version added and the hash of its JSON. */
  record Entry(long dateAdded, String objectId, long versionMicros, byte[] sha256) {}

  /**
   * Appends leaves {@code [firstLeaf, firstLeaf + entries.size())} as runs of at most {@link
   * #MAX_RUN_BYTES} of entries each, in one batch. Rows that small stay inline on PostgreSQL (no
   * TOAST chunks, no compression attempt: migration V40) and cost one insert per few dozen leaves.
   */
  static void append(Connection c, long firstLeaf, long collectionKey, List<Entry> entries)
      throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO log_add_runs (first_leaf, leaf_count, collection_key, first_date_added,"
                + " last_date_added, entries) VALUES (?, ?, ?, ?, ?, ?)")) {
      int start = 0;
      while (start < entries.size()) {
        int end = start;
        int size = 0;
        List<byte[]> ids = new ArrayList<>();
        while (end < entries.size()) {
          Entry e = entries.get(end);
          byte[] id = e.objectId().getBytes(StandardCharsets.UTF_8);
          if (id.length > MAX_ID_BYTES || e.sha256().length != LogHash.LENGTH) {
            throw new SQLException(
                "log run: object "
                    + e.objectId()
                    + " has an id or hash that does not fit a run entry");
          }
          int entryBytes = FIXED_ENTRY_BYTES + id.length;
          if (end > start && size + entryBytes > MAX_RUN_BYTES) {
            break;
          }
          ids.add(id);
          size += entryBytes;
          end++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (int i = start; i < end; i++) {
          Entry e = entries.get(i);
          byte[] id = ids.get(i - start);
          out.putLong(e.dateAdded())
              .putLong(e.versionMicros())
              .put(e.sha256())
              .putShort((short) id.length)
              .put(id);
        }
        insert.setLong(1, firstLeaf + start);
        insert.setInt(2, end - start);
        insert.setLong(3, collectionKey);
        insert.setLong(4, entries.get(start).dateAdded());
        insert.setLong(5, entries.get(end - 1).dateAdded());
        insert.setBytes(6, out.array());
        insert.addBatch();
        start = end;
      }
      insert.executeBatch();
    }
  }

  /** The run leaves with index in {@code [start, end)}, in index order. */
  static List<LogLeaf> leaves(Connection c, long start, long end, LeafSalts salts)
      throws SQLException {
    List<LogLeaf> out = new ArrayList<>();
    if (start >= end) {
      return out;
    }
    // The run holding start begins at or before it; every other run in range begins inside it.
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " WHERE r.first_leaf < ? AND r.first_leaf >= COALESCE("
                + "(SELECT MAX(first_leaf) FROM log_add_runs WHERE first_leaf <= ?), ?)"
                + " ORDER BY r.first_leaf")) {
      s.setLong(1, end);
      s.setLong(2, start);
      s.setLong(3, start);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Run run = Run.read(r);
          for (Stored leaf : run.entries()) {
            if (leaf.index() >= start && leaf.index() < end) {
              out.add(leaf.toLeaf(run.collection(), salts));
            }
          }
        }
      }
    }
    return out;
  }

  /** The run leaf that recorded the addition of the version given {@code dateAdded}, if any. */
  static Optional<LogLeaf> leafAt(Connection c, long dateAdded, LeafSalts salts)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " WHERE r.first_date_added <= ? AND r.last_date_added >= ?"
                + " ORDER BY r.first_date_added DESC LIMIT 1")) {
      s.setLong(1, dateAdded);
      s.setLong(2, dateAdded);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Run run = Run.read(r);
        return run.entries().stream()
            .filter(leaf -> leaf.dateAdded() == dateAdded)
            .findFirst()
            .map(leaf -> leaf.toLeaf(run.collection(), salts));
      }
    }
  }

  /** One entry of a run as stored; hashed into a leaf only when asked. */
  private record Stored(
      long index, long dateAdded, long versionMicros, byte[] sha256, String objectId) {
    LogLeaf toLeaf(CollectionId collection, LeafSalts salts) {
      String record =
          LogRecords.added(collection.toString(), dateAdded, objectId, versionMicros, sha256);
      return salts.leaf(
          index,
          record,
          new LeafSubject.ObjectAdded(collection, objectId, versionMicros, dateAdded));
    }
  }

  /** A run row read from {@link #COLUMNS}, its entries parsed and checked. */
  private record Run(CollectionId collection, List<Stored> entries) {
    static Run read(ResultSet r) throws SQLException {
      long first = r.getLong(1);
      int count = r.getInt(2);
      String collection = r.getString(3);
      if (collection == null) {
        throw new SQLException(
            "log run at leaf " + first + ": its collection key names no collection");
      }
      byte[] bytes = r.getBytes(4);
      ByteBuffer in = ByteBuffer.wrap(bytes == null ? new byte[0] : bytes);
      List<Stored> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        try {
          long dateAdded = in.getLong();
          long versionMicros = in.getLong();
          byte[] sha256 = new byte[LogHash.LENGTH];
          in.get(sha256);
          byte[] id = new byte[Short.toUnsignedInt(in.getShort())];
          in.get(id);
          entries.add(
              new Stored(
                  first + i,
                  dateAdded,
                  versionMicros,
                  sha256,
                  new String(id, StandardCharsets.UTF_8)));
        } catch (BufferUnderflowException e) {
          throw new SQLException(
              "log run at leaf " + first + ": entry " + i + " is truncated; the run is damaged");
        }
      }
      if (in.hasRemaining()) {
        throw new SQLException(
            "log run at leaf "
                + first
                + ": "
                + in.remaining()
                + " bytes follow its "
                + count
                + " entries; the run is damaged");
      }
      return new Run(CollectionId.parse(collection), entries);
    }
  }
}
