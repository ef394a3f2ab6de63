package org.wuzhen.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collections' short keys, remembered once read. Collections are never deleted or re-keyed (no
 * statement of the store or its migrations does), so a key once read stays right for the life of
 * the database; this saves a prepared and executed query on every object read and write (measured
 * with wrk, objects pages of 3 objects: about 4,000-4,800 to 6,400 requests/s; see
 * docs/benchmarks.md). Absent collections are not remembered, so one created by another process is
 * found on its first use. Thread-safe.
 */
final class CollectionKeys {
  private final Map<CollectionId, Long> keys = new ConcurrentHashMap<>();

  /**
   * The collection's key.
   *
   * @throws StoreException.NotFound naming the collection when it does not exist
   */
  long require(Connection c, CollectionId id) throws SQLException {
    Long key = keys.get(id);
    if (key == null) {
      key = CollectionCatalog.require(c, id);
      keys.put(id, key);
    }
    return key;
  }
}
