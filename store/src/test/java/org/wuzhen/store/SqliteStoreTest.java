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
  void createsAMissingDataDirectory(@TempDir Path parent) {
    Path nested = parent.resolve("a/b");
    try (Store s = Stores.open(new StoreConfig.Sqlite(nested))) {
      assertThat(s.collections()).isEmpty();
    }
    assertThat(nested.resolve("wuzhen.db")).exists();
  }
}
