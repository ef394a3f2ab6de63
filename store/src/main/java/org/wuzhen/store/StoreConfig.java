package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Where a {@link Store} lives: an SQLite data directory or a PostgreSQL database. */
public sealed interface StoreConfig {

  /**
   * The embedded store: the file {@code wuzhen.db} inside {@code dataDirectory} (created when
   * missing), in WAL mode with {@code synchronous=FULL}.
   *
   * @param busyTimeoutMillis how long a writer waits for another process's write transaction
   */
  record Sqlite(Path dataDirectory, int busyTimeoutMillis) implements StoreConfig {
    public Sqlite {
      requireNonNull(dataDirectory, "dataDirectory");
      if (busyTimeoutMillis < 0) {
        throw new IllegalArgumentException(
            "store sqlite busyTimeoutMillis: must be 0 or more, was " + busyTimeoutMillis);
      }
    }

    public Sqlite(Path dataDirectory) {
      this(dataDirectory, 30_000);
    }

    /** The database file inside the data directory. */
    public Path databaseFile() {
      return dataDirectory.resolve("wuzhen.db");
    }
  }

  /**
   * A PostgreSQL database reached through a pool of at most {@code maxPoolSize} connections.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
   */
  record Postgres(String jdbcUrl, String user, String password, int maxPoolSize)
      implements StoreConfig {
    public Postgres {
      requireNonNull(jdbcUrl, "jdbcUrl");
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "store postgres jdbcUrl: expected jdbc:postgresql://host:port/database, was '"
                + jdbcUrl
                + "'");
      }
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException(
            "store postgres maxPoolSize: must be 1 or more, was " + maxPoolSize);
      }
    }

    public Postgres(String jdbcUrl, String user, String password) {
      this(jdbcUrl, user, password, 10);
    }

    @Override
    public String toString() {
      // Never print the password.
      return "Postgres[jdbcUrl="
          + jdbcUrl
          + ", user="
          + user
          + ", maxPoolSize="
          + maxPoolSize
          + "]";
    }
  }
}
