package org.wuzhen.taxii;

import org.junit.jupiter.api.Nested;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;

/**
 * Every TAXII contract over HTTP on loopback, on PostgreSQL: a private server from Debian's
 * package, one database for this class (the contracts use random member, user and collection names,
 * so they share it).
 */
class PostgresTaxiiTest {
  private static StoreConfig.Postgres database;

  private static synchronized Store postgres() {
    if (database == null) {
      database = PostgresServer.shared().createDatabase();
    }
    return Stores.open(database);
  }

  @Nested
  class Resources extends ResourcesContract {
    @Override
    protected Store openStore() {
      return postgres();
    }
  }

  @Nested
  class AddObjects extends AddObjectsContract {
    @Override
    protected Store openStore() {
      return postgres();
    }
  }

  @Nested
  class Queries extends QueryContract {
    @Override
    protected Store openStore() {
      return postgres();
    }
  }

  @Nested
  class Permissions extends PermissionsContract {
    @Override
    protected Store openStore() {
      return postgres();
    }
  }

  @Nested
  class Creators extends CreatorContract {
    @Override
    protected Store openStore() {
      return postgres();
    }
  }
}
