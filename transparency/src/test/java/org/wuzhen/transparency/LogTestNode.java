package org.wuzhen.transparency;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Clock;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.testing.TestNode;

/**
 * A real node with its transparency log (heads signed when a test calls {@code log.refresh()}), and
 * one member with a user and a token that may read one collection.
 */
final class LogTestNode implements AutoCloseable {
  final Path dir;
  final TestNode node;
  final Store store;
  final TransparencyLog log;
  final CollectionId collection;
  final String token;

  LogTestNode(Path dir, KeyPair key) {
    this.dir = dir;
    this.node =
        TestNode.sqlite(dir)
            .withoutStarting(s -> new TransparencyLog(s, key, Clock.systemUTC()))
            .start();
    this.store = node.store();
    this.log = node.part(TransparencyLog.class);
    String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
    node.member("acme-" + suffix);
    node.user("alice-" + suffix, "acme-" + suffix);
    this.token = node.token("alice-" + suffix);
    this.collection = node.collection("Test", Principal.member("acme-" + suffix));
  }

  URI uri() {
    return node.uri();
  }

  /** Runs SQL on the database file directly, behind the node's back. */
  void sqlBehindTheBack(String sql) throws SQLException {
    node.sqlBehindTheBack(sql);
  }

  @Override
  public void close() {
    node.close();
  }
}
