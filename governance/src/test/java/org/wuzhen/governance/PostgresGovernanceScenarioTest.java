package org.wuzhen.governance;

import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Store;
import org.wuzhen.store.Stores;

/** The same scenarios on PostgreSQL: a fresh database of the private test server per scenario. */
class PostgresGovernanceScenarioTest extends GovernanceScenarioTest {
  @Override
  Store openStore() {
    return Stores.open(PostgresServer.shared().createDatabase());
  }
}
