package org.wuzhen.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A connection pool on one database with its dialect, and the transaction discipline every store
 * operation goes through. Thread-safe.
 */
final class Database implements AutoCloseable {

  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  final Dialect dialect;
  private final HikariDataSource pool;
  private final String description;
  // SQLite allows one writer at a time; queueing this process's writers here beats spinning on
  // busy_timeout. Other processes are kept out by BEGIN IMMEDIATE.
  private final ReentrantLock writeLock = new ReentrantLock(true);

  // Migrations applied when this process opened the store; another count later means a newer
  // node migrated the database under this one.
  private final long appliedMigrations;

  // SQLite only: the WAL's checkpoints, on a thread of their own.
  private final Optional<WalCheckpoints> checkpoints;

  private Database(
      Dialect dialect,
      HikariDataSource pool,
      String description,
      Optional<SQLiteDataSource> checkpointSource) {
    this.dialect = dialect;
    this.pool = pool;
    this.description = description;
    this.appliedMigrations = read("count applied migrations", Database::countAppliedMigrations);
    try {
      this.checkpoints =
          checkpointSource.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  new WalCheckpoints(checkpointSource.get().getConnection(), description));
    } catch (SQLException e) {
      throw unavailable("open the checkpoint connection", e);
    }
  }

  private static long countAppliedMigrations(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Empty when the database answers and holds the schema this process migrated it to; else what is
   * wrong. Never throws.
   */
  Optional<String> readinessProblem() {
    try {
      long applied = read("check readiness", Database::countAppliedMigrations);
      Optional<String> checkpointFailure = checkpoints.flatMap(WalCheckpoints::failure);
      if (checkpointFailure.isPresent()) {
        return checkpointFailure;
      }
      return applied == appliedMigrations
          ? Optional.empty()
          : Optional.of(
              description
                  + ": the schema changed under this node ("
                  + applied
                  + " migrations applied, "
                  + appliedMigrations
                  + " when it opened the store)");
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The pool's figures now; zeros once the pool is closed (HikariCP then has none). */
  PoolFigures poolFigures() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean == null || pool.isClosed()) {
      return new PoolFigures(pool.getPoolName(), 0, 0, 0);
    }
    return new PoolFigures(
        pool.getPoolName(),
        Math.max(0, bean.getActiveConnections()),
        Math.max(0, bean.getIdleConnections()),
        Math.max(0, bean.getThreadsAwaitingConnection()));
  }

  static Database sqlite(StoreConfig.Sqlite config) {
    String description = "sqlite " + config.databaseFile();
    try {
      Files.createDirectories(config.dataDirectory());
    } catch (IOException e) {
      throw new StoreException.Unavailable(
          description + ": cannot create the data directory: " + e.getMessage(), e);
    }
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a commit is on disk (WAL fsynced) before add() returns, which the Store promises.
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    // With 1,000-object envelopes a 16 MiB page cache and a checkpoint every 10,000 pages (about
    // 40 MiB of WAL) measured 1.5 to 2 times SQLite's defaults (2 MiB, 1,000 pages); see
    // docs/storage.md. mmap and larger caches showed no further gain. Checkpoints now run on a
    // thread of their own (WalCheckpoints); the automatic one, in the committing writer, is left
    // only as a last resort should that thread fall behind its bound.
    sqlite.setCacheSize(-16 * 1024);
    sqlite.setPragma(
        SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(2 * WalCheckpoints.MAX_FRAMES));
    sqlite.setBusyTimeout(config.busyTimeoutMillis());
    sqlite.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(sqlite);
    source.setUrl("jdbc:sqlite:" + config.databaseFile());
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(source);
    hikari.setPoolName("wuzhen-sqlite");
    hikari.setMaximumPoolSize(4);
    return open(Dialect.SQLITE, hikari, description, Optional.of(source));
  }

  static Database postgres(StoreConfig.Postgres config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.maxPoolSize());
    hikari.setPoolName("wuzhen-postgres");
    // A generic plan cached while the objects table was small keeps sequential scans after it has
    // grown (measured: adds slowed from 40 ms to 700 ms per 1,000 objects). Plan every execution.
    // JIT compiles a query whose estimated cost is high: the console's first page of a collection's
    // indicators (a LIMIT 51 over an index, estimated at the whole index's cost at 500,000 rows)
    // spent about 1 s compiling for 50 ms of execution. The node's queries are short: no JIT.
    hikari.setConnectionInitSql("SET plan_cache_mode = force_custom_plan; SET jit = off");
    return open(Dialect.POSTGRESQL, hikari, "postgresql " + config.jdbcUrl(), Optional.empty());
  }

  private static Database open(
      Dialect dialect,
      HikariConfig hikari,
      String description,
      Optional<SQLiteDataSource> checkpointSource) {
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException.Unavailable(description + ": cannot connect: " + e.getMessage(), e);
    }
    try {
      Flyway flyway =
          Flyway.configure().dataSource(pool).locations(dialect.migrationLocation()).load();
      refuseNewerSchema(flyway.info(), description);
      flyway.migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new StoreException.Unavailable(
          description + ": schema migration failed: " + e.getMessage(), e);
    } catch (StoreException e) {
      pool.close();
      throw e;
    }
    try {
      return new Database(dialect, pool, description, checkpointSource);
    } catch (StoreException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Flyway by default ignores applied migrations it does not know, so an older node would run on a
   * schema a newer one wrote (and may read or write it wrongly): refuse instead.
   */
  private static void refuseNewerSchema(MigrationInfoService info, String description) {
    Optional<MigrationVersion> known =
        Arrays.stream(info.all())
            .filter(m -> m.getState().isResolved())
            .map(MigrationInfo::getVersion)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder());
    Optional<MigrationVersion> applied =
        Optional.ofNullable(info.current()).map(MigrationInfo::getVersion);
    if (applied.isPresent() && known.isPresent() && applied.get().compareTo(known.get()) > 0) {
      throw new StoreException.Unavailable(
          description
              + ": the store has schema version "
              + applied.get()
              + ", newer than this node supports (schema version "
              + known.get()
              + "); run a Wuzhen release that supports schema version "
              + applied.get()
              + ", or restore a backup taken with this one",
          null);
    }
  }

  /** See {@link Store#backupTo}. */
  void backupTo(java.nio.file.Path file) {
    if (dialect != Dialect.SQLITE) {
      throw new StoreException.Unavailable(
          description
              + ": a PostgreSQL store is backed up with pg_dump and restored with pg_restore"
              + " (docs/operations.md), not by the node",
          null);
    }
    if (Files.exists(file)) {
      throw new StoreException.Unavailable(
          description + ": backup file " + file + " exists already; name a new file", null);
    }
    read(
        "back up into " + file,
        c -> {
          try (var s = c.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, file.toString());
            s.execute();
          }
          return null;
        });
  }

  /** Runs read-only work in auto-commit mode. */
  <T> T read(String operation, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw unavailable(operation, e);
    }
  }

  /** Work on a connection that answers nothing. */
  @FunctionalInterface
  interface Change {
    void run(Connection connection) throws SQLException;
  }

  /** {@link #write} of work without a result. */
  void update(String operation, Change change) {
    write(
        operation,
        c -> {
          change.run(c);
          return null;
        });
  }

  /** Runs work in one write transaction; it has committed when this returns. */
  <T> T write(String operation, Work<T> work) {
    boolean sqlite = dialect == Dialect.SQLITE;
    if (sqlite) {
      writeLock.lock();
    }
    try (Connection c = pool.getConnection()) {
      if (checkpoints.isPresent()) {
        checkpoints.get().beforeWrite(c);
      }
      dialect.begin(c);
      T result;
      try {
        result = work.run(c);
        dialect.commit(c);
        checkpoints.ifPresent(WalCheckpoints::committed);
      } catch (SQLException | RuntimeException | Error e) {
        try {
          dialect.rollback(c);
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      return result;
    } catch (SQLException e) {
      throw unavailable(operation, e);
    } finally {
      if (sqlite) {
        writeLock.unlock();
      }
    }
  }

  StoreException.Unavailable unavailable(String operation, SQLException e) {
    return new StoreException.Unavailable(
        description + ": " + operation + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    checkpoints.ifPresent(WalCheckpoints::close);
    pool.close();
  }
}
