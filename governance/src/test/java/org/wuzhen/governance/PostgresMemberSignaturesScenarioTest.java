package org.wuzhen.governance;

import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Store;
import org.wuzhen.store.Stores;

/** The signature scenarios on PostgreSQL: a fresh database of the private test server each. */
class PostgresMemberSignaturesScenarioTest extends MemberSignaturesScenarioTest {
  @Override
  Store openStore() {
    return Stores.open(PostgresServer.shared().createDatabase());
  }
}
