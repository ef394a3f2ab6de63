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
  @Override
  void close();
}
