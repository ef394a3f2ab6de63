package org.wuzhen.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** What differs between the two databases: transactions, the clock and constraint errors. */
enum Dialect {
  SQLITE("sqlite") {
    @Override
    void begin(Connection connection) throws SQLException {
      // IMMEDIATE takes the write lock now, so the clock row read next cannot go stale before
      // commit, also across processes sharing the file (they wait up to busy_timeout).
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
    }

    @Override
    void commit(Connection connection) throws SQLException {
      try (Statement s = connection.createStatement()) {
        s.execute("COMMIT");
      }
    }

    @Override
    void rollback(Connection connection) throws SQLException {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        return;
      }
      try (Statement s = connection.createStatement()) {
        s.execute("ROLLBACK");
      } catch (SQLException noTransaction) {
        // Nothing was begun (BEGIN itself failed) or SQLite already rolled back.
      }
    }

    @Override
    String lockClock() {
      return "SELECT last_micros, 0 FROM store_clock WHERE id = 1";
    }

    @Override
    long nowMicros(ResultSet clockRow) {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
      // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
      return e instanceof org.sqlite.SQLiteException s
          && (s.getResultCode().code == 2067 || s.getResultCode().code == 1555);
    }
  },

  POSTGRESQL("postgresql") {
    @Override
    void begin(Connection connection) throws SQLException {
      connection.setAutoCommit(false);
    }

    @Override
    void commit(Connection connection) throws SQLException {
      connection.commit();
      connection.setAutoCommit(true);
    }

    @Override
    void rollback(Connection connection) throws SQLException {
      connection.rollback();
      connection.setAutoCommit(true);
    }

    @Override
    String lockClock() {
      // The row lock serialises every add() of every process on this database until commit, so
      // date_added is strictly increasing in commit order. The database's clock is the one clock
      // all processes share.
      return "SELECT last_micros, CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)"
          + " FROM store_clock WHERE id = 1 FOR UPDATE";
    }

    @Override
    long nowMicros(ResultSet clockRow) throws SQLException {
      return clockRow.getLong(2);
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
      return "23505".equals(e.getSQLState());
    }
  };

  private final String migrationFolder;

  Dialect(String migrationFolder) {
    this.migrationFolder = migrationFolder;
  }

  String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  abstract void begin(Connection connection) throws SQLException;

  abstract void commit(Connection connection) throws SQLException;

  abstract void rollback(Connection connection) throws SQLException;

  /** Selects (last date_added, database now or 0) and locks the clock row until commit. */
  abstract String lockClock();

  abstract long nowMicros(ResultSet clockRow) throws SQLException;

  abstract boolean isUniqueViolation(SQLException e);
}
