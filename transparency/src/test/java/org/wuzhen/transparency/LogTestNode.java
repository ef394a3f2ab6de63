package org.wuzhen.transparency;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.TaxiiConfig;
import org.wuzhen.taxii.TaxiiExtensions;
import org.wuzhen.taxii.TaxiiServer;
import org.wuzhen.taxii.Tokens;

/**
 * A real node for tests: a SQLite store in a directory, its transparency log, and a TAXII server on
 * loopback serving the log routes; one member with a user and a token that may read one collection.
 */
final class TestNode implements AutoCloseable {
  final Path dir;
  final Store store;
  final TransparencyLog log;
  final TaxiiServer server;
  final CollectionId collection = CollectionId.random();
  final String token = Tokens.generate();

  TestNode(Path dir, KeyPair key) {
    this.dir = dir;
    this.store = Stores.open(new StoreConfig.Sqlite(dir));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    store.addMember(new Member("acme-" + suffix, "identity--" + UUID.randomUUID()));
    store.addUser(new User("alice-" + suffix, "acme-" + suffix, "not-a-login", false));
    store.addToken(
        new ApiToken("t-" + suffix, "alice-" + suffix, Tokens.hash(token), Instant.now(), false));
    store.createCollection(
        new CollectionInfo(collection, "Test", Optional.empty(), Optional.empty(), List.of()));
    store.grant(new Permission(collection, Principal.member("acme-" + suffix), true, true));
    this.log = new TransparencyLog(store, key, Clock.systemUTC());
    TaxiiExtensions.Builder extensions = TaxiiExtensions.builder();
    log.routes().forEach(extensions::route);
    TaxiiConfig config =
        TaxiiConfig.of(
                new TaxiiConfig.Discovery("test", Optional.empty(), Optional.empty()),
                List.of(TaxiiConfig.ApiRoot.of("api1", "Main")),
                "transparency-test-signing-key-32b".getBytes(StandardCharsets.UTF_8))
            .withAddress("127.0.0.1", 0);
    this.server = new TaxiiServer(config, store, extensions.build()).start();
  }

  URI uri() {
    return server.baseUri();
  }

  /** Runs SQL on the database file directly, behind the node's back. */
  void sqlBehindTheBack(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wuzhen.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  @Override
  public void close() throws IOException {
    log.close();
    server.close();
    store.close();
  }
}
