package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.VersionSelection;

/**
 * The full audit of a node's own data on both stores: an honest store passes with its signed heads,
 * and each kind of tampering behind the log is found and named, including a leaf record changed
 * beneath a stored subtree hash, which leaves every signed root unchanged.
 */
class FullAuditTest {
  private static final KeyPair KEY = Ed25519Keys.generate();

  @TempDir Path dir;

  static Stream<String> stores() {
    return Stream.of("sqlite", "postgresql");
  }

  /** A store of either kind and a way to change its tables behind its back. */
  private record Database(StoreConfig config) {
    Store open() {
      return Stores.open(config);
    }

    void sql(String sql) throws SQLException {
      try (Connection c = connect();
          Statement s = c.createStatement()) {
        s.executeUpdate(sql);
      }
    }

    private Connection connect() throws SQLException {
      return switch (config) {
        case StoreConfig.Sqlite s ->
            DriverManager.getConnection("jdbc:sqlite:" + s.dataDirectory().resolve("wuzhen.db"));
        case StoreConfig.Postgres p ->
            DriverManager.getConnection(p.jdbcUrl(), p.user(), p.password());
      };
    }
  }

  private Database database(String kind) {
    return new Database(
        kind.equals("sqlite")
            ? new StoreConfig.Sqlite(dir)
            : PostgresServer.shared().createDatabase());
  }

  /** A member, a collection with 40 objects (one later deleted) and a grant: 43 leaves or more. */
  private static List<StixObject> fill(Store store) {
    String acme = "acme-" + UUID.randomUUID();
    store.addMember(new Member(acme, "identity--" + UUID.randomUUID()));
    CollectionId c = TransparencyLogTest.collection(store);
    List<StixObject> objects = TransparencyLogTest.identities(40);
    store.add(c, objects.subList(0, 20));
    store.add(c, objects.subList(20, 40));
    store.delete(c, objects.getFirst().id().toString(), VersionSelection.ALL, List.of());
    store.grant(new Permission(c, Principal.member(acme), true, false));
    return objects;
  }

  @ParameterizedTest
  @MethodSource("stores")
  void anHonestStorePassesWithEverySignedHead(String kind) throws Exception {
    Database db = database(kind);
    try (Store store = db.open();
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      fill(store);
      TreeHead earlier = log.refresh();
      store.add(TransparencyLogTest.collection(store), TransparencyLogTest.identities(5));
      TreeHead now = log.refresh();
      FullAudit.Report report = FullAudit.run(store, List.of(earlier, now));
      assertThat(report.treeSize()).isEqualTo(now.treeSize());
      assertThat(report.root()).isEqualTo(now.rootHash());
      assertThat(report.versions()).isEqualTo(44);
      assertThat(report.checks())
          .anyMatch(c -> c.startsWith("signed head " + HeadConsistency.describe(earlier)))
          .anyMatch(c -> c.contains("stored subtree hashes equal the recomputed ones"))
          .anyMatch(c -> c.startsWith("objects: 44 stored versions match"));
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aLeafChangedBeneathAStoredSubtreeIsNamedThoughTheRootIsUnchanged(String kind)
      throws Exception {
    Database db = database(kind);
    try (Store store = db.open();
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      fill(store);
      TreeHead signed = log.refresh();
      db.sql(
          "UPDATE log_leaves SET record = replace(record, '\"name\":\"acme-', '\"name\":\"evil-')"
              + " WHERE leaf_index = 0");
      assertThat(MerkleTree.root(new StoredTree(store), signed.treeSize()))
          .isEqualTo(signed.rootHash());
      assertThatThrownBy(() -> FullAudit.run(store, List.of(signed)))
          .isInstanceOf(AuditFailure.class)
          .hasMessageStartingWith("leaves [0, 16): the stored subtree hash (level 4, index 0)")
          .hasMessageContaining("was changed after its subtree was stored");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void anObjectEditedBehindTheLogIsNamed(String kind) throws Exception {
    Database db = database(kind);
    try (Store store = db.open()) {
      StixObject edited = fill(store).get(7);
      db.sql(
          "UPDATE objects SET json = replace(json, '\"name\":\"n7\"', '\"name\":\"forged\"')"
              + " WHERE id = '"
              + edited.id()
              + "'");
      assertThatThrownBy(() -> FullAudit.run(store, List.of()))
          .isInstanceOf(AuditFailure.class)
          .hasMessageStartingWith(edited.id() + " (leaf ")
          .hasMessageContaining("the stored JSON was changed behind the log");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void anObjectRemovedBehindTheLogIsNamed(String kind) throws Exception {
    Database db = database(kind);
    try (Store store = db.open()) {
      StixObject removed = fill(store).get(30);
      db.sql("DELETE FROM objects WHERE id = '" + removed.id() + "'");
      assertThatThrownBy(() -> FullAudit.run(store, List.of()))
          .isInstanceOf(AuditFailure.class)
          .hasMessageStartingWith(removed.id() + " (leaf ")
          .hasMessageContaining("the log records no deletion of it");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void anObjectAddedBehindTheLogIsNamed(String kind) throws Exception {
    Database db = database(kind);
    try (Store store = db.open()) {
      StixObject copied = fill(store).get(10);
      String forged = "identity--" + UUID.randomUUID();
      db.sql(
          // The forged row keeps the copied one's key bytes under type code 0, which no stored
          // id has, so the unique version index lets it in.
          "INSERT INTO objects (date_added, collection_key, id, version_micros, type, version,"
              + " spec_version, json, id_key, type_code) SELECT date_added + 100000000,"
              + " collection_key, '"
              + forged
              + "', version_micros, type, version, spec_version, json, id_key, 0 FROM objects"
              + " WHERE id = '"
              + copied.id()
              + "'");
      assertThatThrownBy(() -> FullAudit.run(store, List.of()))
          .isInstanceOf(AuditFailure.class)
          .hasMessageStartingWith(forged + " (date_added ")
          .hasMessageContaining("no add leaf logs it");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aLogRewrittenAfterASignedHeadOrCutShortIsNamed(String kind) throws Exception {
    Database db = database(kind);
    try (Store store = db.open();
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      fill(store);
      TreeHead signed = log.refresh();
      // The operator rewrites leaf 0 and every subtree hash above it: proofs agree again.
      db.sql(
          "UPDATE log_leaves SET record = replace(record, '\"name\":\"acme-', '\"name\":\"evil-')"
              + " WHERE leaf_index = 0");
      db.sql("DELETE FROM log_nodes");
      assertThat(FullAudit.run(store, List.of()).treeSize()).isEqualTo(signed.treeSize());
      assertThatThrownBy(() -> FullAudit.run(store, List.of(signed)))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("the log was rewritten after that head was signed");
      db.sql("DELETE FROM log_leaves WHERE leaf_index = " + (signed.treeSize() - 1));
      assertThatThrownBy(() -> FullAudit.run(store, List.of(signed)))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("covers more leaves than the store holds");
    }
  }
}
