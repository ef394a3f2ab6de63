package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.wuzhen.stix.StixObject;

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
  void isNotReadyOnceANewerNodeMigratedTheDatabaseUnderIt() {
    StoreConfig config = freshDatabase();
    try (Store s = Stores.open(config)) {
      assertThat(s.readinessProblem()).isEmpty();
      flyway(config, fixtures(config, "future")).migrate();
      assertThat(s.readinessProblem())
          .hasValueSatisfying(p -> assertThat(p).contains("schema changed"));
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

  @TestFactory
  Stream<DynamicTest> upgradesAStoreWithDataFromEveryEarlierSchemaVersion() {
    List<MigrationVersion> earlier = earlierVersions();
    assertThat(earlier).as("earlier schema versions").isNotEmpty();
    return earlier.stream()
        .map(v -> DynamicTest.dynamicTest("from schema version " + v, () -> upgradesFrom(v)));
  }

  @Test
  void theUpgradeFixturesFitTheNewestSchema() throws Exception {
    // The next migration's upgrade test loads them into a store at today's newest version: a
    // fixture superseded there (V47 by V55, the objects of V1, V21 and V40 by V57) must be
    // replaced by rows the store reads as before.
    StoreConfig config = freshDatabase();
    flyway(config).migrate();
    List<MigrationVersion> all =
        Arrays.stream(flyway(config).info().all()).map(MigrationInfo::getVersion).sorted().toList();
    int newest = Integer.parseInt(all.getLast().getVersion().split("\\.")[0]);
    String folder = fixtures(config, "data");
    try (Connection c = connect(config)) {
      UpgradeFixtures.load(c, folder.substring(folder.lastIndexOf('/') + 1), newest);
    }
    try (Store s = Stores.open(config)) {
      UpgradeFixtures.assertSurvived(s, newest);
      assertThat(
              s.add(
                  UpgradeFixtures.COLLECTION,
                  List.of(StixObject.parse(UpgradeFixtures.FixtureObject.number(3).json()))))
          .singleElement()
          .isInstanceOf(AddOutcome.Duplicate.class);
    }
  }

  /** Every version of this build's migrations but the newest. */
  private List<MigrationVersion> earlierVersions() {
    StoreConfig probe = freshDatabase();
    List<MigrationVersion> all =
        Arrays.stream(flyway(probe).info().all()).map(MigrationInfo::getVersion).sorted().toList();
    return all.subList(0, all.size() - 1);
  }

  private void upgradesFrom(MigrationVersion version) throws Exception {
    StoreConfig config = freshDatabase();
    Flyway.configure()
        .configuration(flyway(config).getConfiguration())
        .target(version)
        .load()
        .migrate();
    int major = Integer.parseInt(version.getVersion().split("\\.")[0]);
    String folder = fixtures(config, "data");
    try (Connection c = connect(config)) {
      UpgradeFixtures.load(c, folder.substring(folder.lastIndexOf('/') + 1), major);
    }

    try (Store s = Stores.open(config)) {
      UpgradeFixtures.assertSurvived(s, major);
    }
    // Opened again at the current version, the data is the same and the store goes on: a new
    // version is added after the old ones, and logged.
    try (Store s = Stores.open(config)) {
      UpgradeFixtures.assertSurvived(s, major);
      long size = s.logSize();
      String t = "2024-01-01T00:00:00.000Z";
      s.add(
          UpgradeFixtures.COLLECTION,
          List.of(StixSamples.indicator("indicator--" + UUID.randomUUID(), t, t)));
      assertThat(s.logSize()).isEqualTo(size + 1);
      assertThat(s.logLeaves(size, size + 1).getFirst().salt()).isPresent();
      List<StoredObject> objects =
          s.query(UpgradeFixtures.COLLECTION, ObjectQuery.latest(100)).objects();
      assertThat(objects.getLast().dateAddedMicros()).isGreaterThan(UpgradeFixtures.T0 + 3);
      // A version stored before the upgrade is still known as stored (the unique version index
      // finds it by the key the upgrade gave it).
      UpgradeFixtures.FixtureObject first = UpgradeFixtures.FixtureObject.number(1);
      assertThat(s.add(UpgradeFixtures.COLLECTION, List.of(StixObject.parse(first.json()))))
          .singleElement()
          .isInstanceOf(AddOutcome.Duplicate.class);
      if (major >= 47) {
        // The creator claimed before the upgrade still decides: a new version by another is
        // refused.
        String id = UpgradeFixtures.FixtureObject.number(2).id();
        assertThat(
                s.add(
                    UpgradeFixtures.COLLECTION,
                    Creator.NODE,
                    List.of(StixSamples.indicator(id, "2021-01-01T00:00:00.000Z", t))))
            .singleElement()
            .isInstanceOf(AddOutcome.Refused.class);
      }
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
