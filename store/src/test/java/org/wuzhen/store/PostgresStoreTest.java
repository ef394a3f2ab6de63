package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL: a private server per test JVM, a fresh database per class. */
class PostgresStoreTest extends StoreContract {
  private static StoreConfig.Postgres config;

  @BeforeAll
  static void createDatabase() {
    config = PostgresServer.shared().createDatabase();
  }

  @Override
  protected Store openStore() {
    return Stores.open(config);
  }

  @Test
  void opensAnAlreadyMigratedDatabase() {
    try (Store again = Stores.open(config)) {
      assertThat(again.collections()).isNotNull();
    }
  }

  @Test
  void unreachableDatabaseIsUnavailableAndNamesIt() {
    String url = PostgresServer.shared().jdbcUrl("no_such_database");
    assertThatThrownBy(() -> Stores.open(new StoreConfig.Postgres(url, "postgres", "")))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageContaining(url);
  }
}
