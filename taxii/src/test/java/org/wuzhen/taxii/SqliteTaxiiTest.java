package org.wuzhen.taxii;

import org.junit.jupiter.api.Nested;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;

/** Every TAXII contract over HTTP on loopback, on the embedded SQLite store. */
class SqliteTaxiiTest {
  private static Store sqlite(TaxiiFixture f) {
    return Stores.open(new StoreConfig.Sqlite(f.tempDir));
  }

  @Nested
  class Resources extends ResourcesContract {
    @Override
    protected Store openStore() {
      return sqlite(this);
    }
  }

  @Nested
  class AddObjects extends AddObjectsContract {
    @Override
    protected Store openStore() {
      return sqlite(this);
    }
  }

  @Nested
  class Queries extends QueryContract {
    @Override
    protected Store openStore() {
      return sqlite(this);
    }
  }

  @Nested
  class Permissions extends PermissionsContract {
    @Override
    protected Store openStore() {
      return sqlite(this);
    }
  }

  @Nested
  class Creators extends CreatorContract {
    @Override
    protected Store openStore() {
      return sqlite(this);
    }
  }
}
