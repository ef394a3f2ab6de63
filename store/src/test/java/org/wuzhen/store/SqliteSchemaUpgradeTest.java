package org.wuzhen.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Schema versions on the embedded SQLite store: a new data directory per case. */
class SqliteSchemaUpgradeTest extends SchemaUpgradeContract {
  @TempDir static Path parent;

  @Override
  protected StoreConfig freshDatabase() {
    try {
      return new StoreConfig.Sqlite(Files.createTempDirectory(parent, "store-"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
