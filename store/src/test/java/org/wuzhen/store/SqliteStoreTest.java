package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;

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
  void leavesWrittenBeforeTheCompactAddLeavesKeepTheirRecordsAndHashes(@TempDir Path old)
      throws Exception {
    String url = "jdbc:sqlite:" + old.resolve("wuzhen.db");
    org.flywaydb.core.Flyway.configure()
        .dataSource(url, null, null)
        .locations(Dialect.SQLITE.migrationLocation())
        .target("20")
        .load()
        .migrate();
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
}
