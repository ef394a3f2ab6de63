package org.wuzhen.store;

/**
 * Where a node keeps everything, as one object playing every storage role: {@link ObjectStore}
 * (collections, object versions, status resources), {@link AccountStore} (members, users, tokens,
 * permissions), {@link PeerStore} (federation) and {@link LogStore} (the transparency log). Each
 * module depends on the roles it uses; only the code that opens and closes a node holds a whole
 * {@code Store}. Two real implementations (SQLite embedded, PostgreSQL for production) pass one
 * contract test suite.
 *
 * <p>Implementations are thread-safe. A method that returns has committed: what it wrote survives
 * {@code kill -9} of the process at any later moment.
 */
public interface Store extends ObjectStore, AccountStore, PeerStore, LogStore, AutoCloseable {
  /**
   * Writes a consistent copy of the whole embedded store into {@code file}, which must not exist,
   * while other connections and processes go on reading and writing (SQLite's {@code VACUUM INTO}:
   * one read transaction, so the copy is the store as of one commit).
   *
   * @throws StoreException.Unavailable naming the file when it cannot be written, or on PostgreSQL,
   *     whose backups are {@code pg_dump}'s (docs/operations.md)
   */
  void backupTo(java.nio.file.Path file);

  @Override
  void close();
}
