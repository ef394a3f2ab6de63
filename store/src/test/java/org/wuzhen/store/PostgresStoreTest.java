package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL: a private server per test JVM, a fresh database per class. */
class PostgresStoreTest extends StoreContract {
  private static StoreConfig.Postgres config;

  @BeforeAll
  static void createDatabase() {
    config = PostgresServer.shared().createDatabase();
  }

  @Override
  protected Store openStore() {
    return Stores.open(config);
  }

  @Override
  protected StoreConfig databaseMigratedTo(String version) {
    StoreConfig.Postgres fresh = PostgresServer.shared().createDatabase();
    org.flywaydb.core.Flyway.configure()
        .dataSource(fresh.jdbcUrl(), fresh.user(), fresh.password())
        .locations(Dialect.POSTGRESQL.migrationLocation())
        .target(version)
        .load()
        .migrate();
    return fresh;
  }

  @Test
  void opensAnAlreadyMigratedDatabaseWithItsDataAndWithoutMigratingAgain() throws Exception {
    CollectionId id = CollectionId.random();
    try (Store first = Stores.open(config)) {
      first.createCollection(
          new CollectionInfo(id, "kept", Optional.empty(), Optional.empty(), List.of()));
    }
    int applied = appliedMigrations();
    try (Store again = Stores.open(config)) {
      assertThat(again.collection(id)).map(CollectionInfo::title).contains("kept");
    }
    assertThat(applied).isPositive();
    assertThat(appliedMigrations()).isEqualTo(applied);
  }

  /** Rows of Flyway's history: one per migration ever applied to this database. */
  private static int appliedMigrations() throws SQLException {
    try (Connection c =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void unreachableDatabaseIsUnavailableAndNamesIt() {
    String url = PostgresServer.shared().jdbcUrl("no_such_database");
    assertThatThrownBy(() -> Stores.open(new StoreConfig.Postgres(url, "postgres", "")))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageContaining(url);
  }

  @Test
  void refusesToBackUpItselfPointingToPgDump(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path out) {
    try (Store s = Stores.open(config)) {
      assertThatThrownBy(() -> s.backupTo(out.resolve("backup.db")))
          .isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining("pg_dump");
    }
  }
}
