package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * Schema versions across releases, on each database: a store written by a newer node is refused,
 * and a store at every earlier schema version, holding data, upgrades to the current one with its
 * data readable through the store API.
 */
abstract class SchemaUpgradeContract {

  /** A new, empty database (never migrated). */
  protected abstract StoreConfig freshDatabase();

  @Test
  void refusesAStoreANewerNodeMigratedNamingBothSchemaVersions() throws Exception {
    StoreConfig config = freshDatabase();
    try (Store s = Stores.open(config)) {
      s.addMember(new Member("kept", "identity--1"));
    }
    MigrationVersion current = flyway(config).info().current().getVersion();
    flyway(config, fixtures(config, "future")).migrate();

    assertThatThrownBy(() -> Stores.open(config))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageContaining("the store has schema version 9000")
        .hasMessageContaining("this node supports (schema version " + current + ")");
    // Refusing changed nothing: the newer node's table and the data are still there.
    try (Connection c = connect(config);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM from_a_newer_node")) {
      assertThat(r.next()).isTrue();
    }
  }

  @Test
  void opensAStoreAtItsOwnSchemaVersionAgain() {
    StoreConfig config = freshDatabase();
    try (Store s = Stores.open(config)) {
      s.addMember(new Member("kept", "identity--1"));
    }
    try (Store s = Stores.open(config)) {
      assertThat(s.member("kept")).isPresent();
    }
  }

  static Dialect dialect(StoreConfig config) {
    return switch (config) {
      case StoreConfig.Sqlite sqlite -> Dialect.SQLITE;
      case StoreConfig.Postgres postgres -> Dialect.POSTGRESQL;
    };
  }

  /** The test resources' folder {@code upgrade/<what>/<dialect>}, as a Flyway location. */
  static String fixtures(StoreConfig config, String what) {
    String location = dialect(config).migrationLocation();
    return "classpath:upgrade/" + what + location.substring(location.lastIndexOf('/'));
  }

  /** Flyway on the database with this build's migrations and any further locations. */
  static Flyway flyway(StoreConfig config, String... moreLocations) {
    String[] locations = new String[moreLocations.length + 1];
    locations[0] = dialect(config).migrationLocation();
    System.arraycopy(moreLocations, 0, locations, 1, moreLocations.length);
    var flyway = Flyway.configure().locations(locations);
    return switch (config) {
      case StoreConfig.Sqlite sqlite ->
          flyway.dataSource("jdbc:sqlite:" + sqlite.databaseFile(), null, null).load();
      case StoreConfig.Postgres pg ->
          flyway.dataSource(pg.jdbcUrl(), pg.user(), pg.password()).load();
    };
  }

  static Connection connect(StoreConfig config) throws java.sql.SQLException {
    return switch (config) {
      case StoreConfig.Sqlite sqlite ->
          java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite.databaseFile());
      case StoreConfig.Postgres pg ->
          java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    };
  }
}
