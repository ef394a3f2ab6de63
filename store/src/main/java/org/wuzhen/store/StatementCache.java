package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConnection;

/**
 * Prepared SQLite statements kept per pooled connection, so a repeated query is compiled once per
 * connection instead of once per request (sqlite-jdbc has no cache of its own, and compiling the
 * object query with its correlated subqueries cost about as much as running it for a small page).
 * Statements are prepared on the driver's connection, beneath the pool, because the pool closes
 * every statement prepared through it when the connection is returned. Each connection holds at
 * most {@link #PER_CONNECTION} statements; when full it is emptied. PostgreSQL is not cached here:
 * its driver keeps server-side prepared statements itself.
 *
 * <p>Thread-safe: a pooled connection is used by one thread at a time, and only that thread touches
 * the connection's statements.
 */
final class StatementCache {
  /** Filters make many distinct SQL texts; the common ones fit. */
  static final int PER_CONNECTION = 64;

  /** Reads a result set that is open on a possibly reused statement. */
  @FunctionalInterface
  interface Reader<T> {
    T read(ResultSet r) throws SQLException;
  }

  private final boolean enabled;
  private final Map<SQLiteConnection, Map<String, PreparedStatement>> statements =
      new ConcurrentHashMap<>();

  StatementCache(Dialect dialect) {
    this.enabled = dialect == Dialect.SQLITE;
  }

  /** Runs the query and reads its rows; the result set is closed (and the statement reset). */
  <T> T query(Connection c, Sql sql, Reader<T> reader) throws SQLException {
    if (!enabled) {
      try (PreparedStatement s = sql.prepare(c);
          ResultSet r = s.executeQuery()) {
        return reader.read(r);
      }
    }
    SQLiteConnection driver = c.unwrap(SQLiteConnection.class);
    Map<String, PreparedStatement> cache = statementsOf(driver);
    String text = sql.toString();
    PreparedStatement s = cache.get(text);
    if (s == null || s.isClosed()) {
      if (cache.size() >= PER_CONNECTION) {
        // Rare (the common filter combinations are few): start over rather than track recency.
        for (PreparedStatement old : cache.values()) {
          old.close();
        }
        cache.clear();
      }
      s = driver.prepareStatement(text);
      cache.put(text, s);
    }
    try {
      sql.bind(s);
      try (ResultSet r = s.executeQuery()) {
        return reader.read(r);
      } finally {
        s.clearParameters();
      }
    } catch (SQLException | RuntimeException e) {
      cache.remove(text);
      try {
        s.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  private Map<String, PreparedStatement> statementsOf(SQLiteConnection driver) throws SQLException {
    Map<String, PreparedStatement> cache = statements.get(driver);
    if (cache != null) {
      return cache;
    }
    // A connection the pool has retired is closed: forget its statements.
    statements.keySet().removeIf(StatementCache::isClosed);
    cache = new HashMap<>();
    statements.put(driver, cache);
    return cache;
  }

  private static boolean isClosed(SQLiteConnection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      // sqlite-jdbc does not throw here; a connection that cannot say is not reused.
      return true;
    }
  }
}
