package org.wuzhen.store;

/** Schema versions on PostgreSQL: a new database of the test JVM's private server per case. */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {
  @Override
  protected StoreConfig freshDatabase() {
    return PostgresServer.shared().createDatabase();
  }
}
