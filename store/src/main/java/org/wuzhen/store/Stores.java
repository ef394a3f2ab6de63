package org.wuzhen.store;

/** Opens a {@link Store}: connects, migrates the schema to the current version, and returns it. */
public final class Stores {
  private Stores() {}

  /**
   * Opens the store a configuration names, creating and migrating its schema as needed.
   *
   * @throws StoreException.Unavailable naming the database when it cannot be opened or migrated
   */
  public static Store open(StoreConfig config) {
    Database database =
        switch (config) {
          case StoreConfig.Sqlite sqlite -> Database.sqlite(sqlite);
          case StoreConfig.Postgres postgres -> Database.postgres(postgres);
        };
    try {
      return new JdbcStore(database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }
}
