package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded SQLite store, plus what is SQLite's own. */
class SqliteStoreTest extends StoreContract {
  @TempDir static Path dataDirectory;

  @Override
  protected Store openStore() {
    return Stores.open(new StoreConfig.Sqlite(dataDirectory));
  }

  @Override
  protected StoreConfig databaseMigratedTo(String version) {
    try {
      Path dir = java.nio.file.Files.createTempDirectory(dataDirectory, "old");
      migratedTo(dir, version);
      return new StoreConfig.Sqlite(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void databaseIsInWalModeWithFullSyncInTheDataDirectory() throws Exception {
    assertThat(dataDirectory.resolve("wuzhen.db")).exists();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("wuzhen.db"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertThat(r.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void theWriteAheadLogIsCheckpointedByAThreadOfItsOwn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("wuzhen.db");
    try (Store s = Stores.open(new StoreConfig.Sqlite(dir))) {
      CollectionId c = CollectionId.random();
      s.createCollection(
          new CollectionInfo(
              c,
              "wal",
              java.util.Optional.empty(),
              java.util.Optional.empty(),
              java.util.List.of()));
      long before = java.nio.file.Files.size(file);
      String t = "2020-01-01T00:00:00.000Z";
      java.util.List<org.wuzhen.stix.StixObject> objects = new java.util.ArrayList<>();
      for (int i = 0; i < 500; i++) {
        objects.add(StixSamples.indicator(StixSamples.newId("indicator"), t, t));
      }
      s.add(c, objects);
      // Far below the automatic checkpoint's threshold (WalCheckpoints.MAX_FRAMES): only the
      // checkpoint thread moves these pages from the WAL into the database file.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (java.nio.file.Files.size(file) <= before && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(java.nio.file.Files.size(file)).isGreaterThan(before);
      assertThat(s.readinessProblem()).isEmpty();
      assertThat(s.query(c, ObjectQuery.latest(1000)).objects()).hasSize(500);
    }
  }

  @Test
  void objectCreatorsIsOneTreeKeyedByObjectId() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("wuzhen.db"));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'object_creators'")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("table");
      assertThat(r.getString(3)).contains("WITHOUT ROWID");
      assertThat(r.next()).as("no index beside the table").isFalse();
    }
  }

  @Test
  void aGroupWhoseWriteFailsIsRefusedAloneAndTheOtherGroupsCommit() throws Exception {
    CollectionId c = CollectionId.random();
    store.createCollection(
        new CollectionInfo(
            c,
            "groups",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.List.of()));
    String a = StixSamples.newId("indicator");
    String b = StixSamples.newId("indicator");
    String refused = StixSamples.newId("indicator");
    String d = StixSamples.newId("indicator");
    String t = "2020-01-01T00:00:00.000Z";
    // A real failure of the database for one object: a trigger that aborts its insert.
    String url = "jdbc:sqlite:" + dataDirectory.resolve("wuzhen.db");
    try (var connection = DriverManager.getConnection(url);
        Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TRIGGER refuse_one BEFORE INSERT ON objects WHEN NEW.id = '"
              + refused
              + "' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END");
    }
    try {
      long leaves = store.logSize();
      java.util.List<GroupOutcome> outcomes =
          store.addPreparedGroups(
              c,
              Creator.member("acme"),
              java.util.List.of(
                  java.util.List.of(PreparedObject.of(StixSamples.indicator(a, t, t))),
                  java.util.List.of(
                      PreparedObject.of(StixSamples.indicator(b, t, t)),
                      PreparedObject.of(StixSamples.indicator(refused, t, t))),
                  java.util.List.of(PreparedObject.of(StixSamples.indicator(d, t, t)))));
      assertThat(outcomes.get(0)).isInstanceOf(GroupOutcome.Stored.class);
      assertThat(outcomes.get(1))
          .isInstanceOfSatisfying(
              GroupOutcome.Failed.class,
              f -> assertThat(f.reason()).contains("refused by the test trigger"));
      assertThat(outcomes.get(2)).isInstanceOf(GroupOutcome.Stored.class);
      // The failed group left nothing: not its other object, not a creator claim, not a leaf.
      for (String id : java.util.List.of(a, d)) {
        assertThat(store.query(c, ObjectQuery.latestOf(id, false)).objects()).hasSize(1);
      }
      assertThat(store.query(c, ObjectQuery.latestOf(b, false)).objects()).isEmpty();
      assertThat(store.creator(b)).isEmpty();
      assertThat(store.logSize()).isEqualTo(leaves + 2);
    } finally {
      try (var connection = DriverManager.getConnection(url);
          Statement s = connection.createStatement()) {
        s.execute("DROP TRIGGER refuse_one");
      }
    }
  }

  @Test
  void readsByIdFindTheirVersionsByIdNotByWalkingTheCollection() throws Exception {
    // Walking objects_by_date_added probes every version in the collection: over a second for one
    // unknown id at 1,000,000 objects. Lists without ids still walk it, and stop after the page.
    ObjectQuery byId =
        ObjectQuery.latestOf("ipv4-addr--5c9c7d2a-1b4e-5d8f-9a6b-3c2d1e0f9a8b", true);
    assertThat(queryPlan(ObjectReads.querySql(true, 1, byId)))
        .contains("USING INDEX objects_by_key_version (collection_key=? AND id_key=?)")
        .doesNotContain("objects_by_date_added");
    assertThat(queryPlan(ObjectReads.querySql(true, 1, ObjectQuery.latest(50))))
        .contains("objects_by_date_added")
        .doesNotContain("TEMP B-TREE");
  }

  private static String queryPlan(Sql sql) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("wuzhen.db"));
        var explain = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      sql.bind(explain);
      StringBuilder plan = new StringBuilder();
      try (ResultSet r = explain.executeQuery()) {
        while (r.next()) {
          plan.append(r.getString("detail")).append('\n');
        }
      }
      return plan.toString();
    }
  }

  @Test
  void leavesWrittenBeforeTheCompactAddLeavesKeepTheirRecordsAndHashes(@TempDir Path old)
      throws Exception {
    String url = migratedTo(old, "20");
    String record =
        "{\"collection\":\"0b5f1a54-7ab4-4a0b-9c53-2f4e1a3c2b10\",\"date_added\":7,"
            + "\"id\":\"identity--3a1f0c0e-5b55-4d8c-9f71-111111111111\",\"op\":\"add\","
            + "\"sha256\":\"00\",\"version_micros\":1}";
    try (var c = DriverManager.getConnection(url);
        var insert =
            c.prepareStatement(
                "INSERT INTO log_leaves (leaf_index, date_added, record) VALUES (0, 7, ?)")) {
      insert.setString(1, record);
      insert.executeUpdate();
    }
    try (Store s = Stores.open(new StoreConfig.Sqlite(old))) {
      assertThat(s.logSize()).isEqualTo(1);
      LogLeaf leaf = s.logLeaves(0, 1).getFirst();
      assertThat(leaf.record()).isEqualTo(record);
      assertThat(leaf.leafHash()).isEqualTo(new LogHash(LogRecords.leafHash(record)));
      assertThat(leaf.salt()).isEmpty();
    }
  }

  @Test
  void leavesLoggedBeforeSaltingKeepTheirHashesAndLaterLeavesAreSalted(@TempDir Path old)
      throws Exception {
    String url = migratedTo(old, "40");
    String member = "{\"identity_id\":\"identity--1\",\"name\":\"old\",\"op\":\"member\"}";
    try (var c = DriverManager.getConnection(url);
        var insert =
            c.prepareStatement("INSERT INTO log_leaves (leaf_index, record) VALUES (?, ?)")) {
      for (int i = 0; i < 3; i++) {
        insert.setInt(1, i);
        insert.setString(2, member);
        insert.executeUpdate();
      }
    }
    java.util.List<LogLeaf> before;
    try (Store s = Stores.open(new StoreConfig.Sqlite(old))) {
      before = s.logLeaves(0, 3);
      assertThat(before).extracting(LogLeaf::salt).containsOnly(java.util.Optional.empty());
      assertThat(before.getFirst().leafHash()).isEqualTo(new LogHash(LogRecords.leafHash(member)));
      assertThat(before.getFirst().subject()).isEqualTo(new LeafSubject.MemberAdded("old"));
      s.addMember(new Member("new", "identity--2"));
    }
    try (Store s = Stores.open(new StoreConfig.Sqlite(old))) {
      assertThat(s.logLeaves(0, 3)).isEqualTo(before);
      LogLeaf salted = s.logLeaves(3, 4).getFirst();
      assertThat(salted.salt()).isPresent();
      assertThat(salted.leafHash()).isNotEqualTo(new LogHash(LogRecords.leafHash(salted.record())));
    }
    try (var c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT first_leaf, length(secret) FROM log_salt_key")) {
      r.next();
      assertThat(r.getLong(1)).isEqualTo(3);
      assertThat(r.getInt(2)).isEqualTo(LogHash.LENGTH);
    }
  }

  @Test
  void aRecordTheStoreCannotReadIsServedAsAnUnrecognisedLeaf(@TempDir Path dir) throws Exception {
    try (Store s = Stores.open(new StoreConfig.Sqlite(dir))) {
      s.addMember(new Member("m", "identity--3"));
      try (var conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wuzhen.db"));
          Statement st = conn.createStatement()) {
        st.executeUpdate("UPDATE log_leaves SET record = '{\"op\":\"rewritten\"}'");
      }
      assertThat(s.logLeaves(0, 1).getFirst().subject())
          .isEqualTo(new LeafSubject.Unrecognised("unknown op 'rewritten'"));
    }
  }

  @Test
  void addLeavesStoredAsRowsBeforeRunsReadOnWithTheRunsAfterThem(@TempDir Path old)
      throws Exception {
    String url = migratedTo(old, "30");
    CollectionId collection = CollectionId.random();
    String objectId = "indicator--3a1f0c0e-5b55-4d8c-9f71-222222222222";
    byte[] sha = new byte[LogHash.LENGTH];
    sha[0] = 7;
    try (var c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO collections (key, id, title, media_types) VALUES (1, '"
              + collection
              + "', 'old', '[]')");
      try (var insert =
          c.prepareStatement(
              "INSERT INTO log_leaves (leaf_index, date_added, collection_key, object_id,"
                  + " version_micros, sha256) VALUES (0, 7, 1, ?, 1, ?)")) {
        insert.setString(1, objectId);
        insert.setBytes(2, sha);
        insert.executeUpdate();
      }
    }
    String oldRecord = LogRecords.added(collection.toString(), 7, objectId, 1, sha);
    try (Store s = Stores.open(new StoreConfig.Sqlite(old))) {
      assertThat(s.logSize()).isEqualTo(1);
      s.add(collection, java.util.List.of(newIndicator()));
      assertThat(s.logSize()).isEqualTo(2);
      var leaves = s.logLeaves(0, 2);
      assertThat(leaves).extracting(LogLeaf::index).containsExactly(0L, 1L);
      assertThat(leaves.get(0).record()).isEqualTo(oldRecord);
      assertThat(leaves.get(1).record()).contains("\"op\":\"add\"");
      assertThat(s.logLeavesAt(7)).containsExactly(leaves.get(0));
    }
  }

  @Test
  void aDamagedRunOfAddLeavesIsReportedWithItsFirstLeaf(@TempDir Path dir) throws Exception {
    try (Store s = Stores.open(new StoreConfig.Sqlite(dir))) {
      CollectionId c = newCollection(s);
      long first = s.logSize();
      s.add(c, java.util.List.of(newIndicator(), newIndicator()));
      try (var conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wuzhen.db"));
          Statement st = conn.createStatement()) {
        st.executeUpdate("UPDATE log_add_runs SET entries = substr(entries, 1, 60)");
      }
      assertThatThrownBy(() -> s.logLeaves(first, first + 2))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("log run at leaf " + first)
          .hasMessageContaining("damaged");
      // Leaves outside the run still read.
      assertThat(s.logLeaves(0, first)).hasSize((int) first);
    }
  }

  @Test
  void aLargeAddIsSplitIntoRunsOfBoundedSize(@TempDir Path dir) throws Exception {
    try (Store s = Stores.open(new StoreConfig.Sqlite(dir))) {
      CollectionId c = newCollection(s);
      s.add(c, java.util.stream.Stream.generate(SqliteStoreTest::newIndicator).limit(300).toList());
    }
    try (var conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wuzhen.db"));
        Statement st = conn.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT COUNT(*), SUM(leaf_count), MAX(length(entries)), MIN(first_leaf)"
                    + " FROM log_add_runs")) {
      r.next();
      assertThat(r.getInt(1)).isGreaterThan(1);
      assertThat(r.getInt(2)).isEqualTo(300);
      assertThat(r.getInt(3)).isLessThanOrEqualTo(LogAddRuns.MAX_RUN_BYTES);
    }
  }

  @Test
  void createsAMissingDataDirectory(@TempDir Path parent) {
    Path nested = parent.resolve("a/b");
    try (Store s = Stores.open(new StoreConfig.Sqlite(nested))) {
      assertThat(s.collections()).isEmpty();
    }
    assertThat(nested.resolve("wuzhen.db")).exists();
  }

  @Test
  void aBackupTakenWhileWritingIsAWholeStoreAsOfOneCommit(@TempDir Path dir, @TempDir Path out)
      throws Exception {
    try (Store s = Stores.open(new StoreConfig.Sqlite(dir))) {
      CollectionId c = newCollection(s);
      s.add(c, java.util.List.of(newIndicator(), newIndicator()));
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 50; i++) {
                      s.add(c, java.util.List.of(newIndicator()));
                    }
                  });
      Path file = out.resolve("backup.db");
      s.backupTo(file);
      writer.join();
      assertThatThrownBy(() -> s.backupTo(file))
          .isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining("exists already");

      Path restored = out.resolve("restored");
      java.nio.file.Files.createDirectories(restored);
      java.nio.file.Files.copy(file, restored.resolve("wuzhen.db"));
      try (Store copy = Stores.open(new StoreConfig.Sqlite(restored))) {
        long versions = copy.query(c, ObjectQuery.latest(1000)).objects().size();
        assertThat(versions).isBetween(2L, 52L);
        // One commit: every add leaf logged in the copy has its version, and no more.
        assertThat(copy.logSize()).isEqualTo(versions);
        assertThat(copy.storedVersions(0, 1000)).hasSize((int) versions);
      }
    }
  }

  private static org.wuzhen.stix.StixObject newIndicator() {
    String t = "2024-01-01T00:00:00.000Z";
    return StixSamples.indicator("indicator--" + java.util.UUID.randomUUID(), t, t);
  }

  /** A database in {@code dir} with the migrations up to {@code version} only; returns its URL. */
  private static String migratedTo(Path dir, String version) {
    String url = "jdbc:sqlite:" + dir.resolve("wuzhen.db");
    org.flywaydb.core.Flyway.configure()
        .dataSource(url, null, null)
        .locations(Dialect.SQLITE.migrationLocation())
        .target(version)
        .load()
        .migrate();
    return url;
  }

  private static CollectionId newCollection(Store s) {
    CollectionId c = CollectionId.random();
    s.createCollection(
        new CollectionInfo(
            c,
            "runs",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.List.of()));
    return c;
  }
}
