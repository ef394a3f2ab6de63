package org.wuzhen.taxii;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.testing.TestNode;

/**
 * A real node ({@link TestNode}) on loopback over a real store, with two members and their users. A
 * subclass says which store: the same contracts run on SQLite and PostgreSQL. Each test makes its
 * own collections, so tests share the server without seeing each other's objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaxiiFixture {
  static final byte[] KEY = TestNode.SIGNING_KEY;
  static final String PASSWORD = TestNode.PASSWORD;

  /** This class's own directory, made before {@link #openStore()} and removed after. */
  Path tempDir;

  TestNode node;
  Store store;
  String suffix = UUID.randomUUID().toString().substring(0, 8);
  String acmeIdentity;
  String betaIdentity;
  String acme = "acme-" + suffix;
  String beta = "beta-" + suffix;
  String alice = "alice-" + suffix; // acme
  String bob = "bob-" + suffix; // acme
  String carol = "carol-" + suffix; // beta
  String aliceToken;
  String revokedToken;

  Http anonymous;
  Http asAlice;
  Http asBob;
  Http asCarol;

  /** Opens the store under test; {@code tempDir} is this class's own directory. */
  protected abstract Store openStore();

  TaxiiConfig config() {
    return TaxiiConfig.of(
            new TaxiiConfig.Discovery(
                "Wuzhen test node", Optional.of("for tests"), Optional.of("cert@example.org")),
            List.of(
                TaxiiConfig.ApiRoot.of("api1", "Main root").withMaxContentLength(64 * 1024),
                TaxiiConfig.ApiRoot.of("api2", "Second root")),
            KEY)
        .withPageSizes(50, 100);
  }

  /** What the server under test adds to TAXII; nothing unless a test class says so. */
  NodeExtension extension() {
    return server -> {};
  }

  @BeforeAll
  void startServer() throws IOException {
    tempDir = Files.createTempDirectory("wuzhen-taxii-test");
    node = TestNode.on(this::openStore).config(config()).with(s -> extension()).start();
    store = node.store();
    acmeIdentity = node.member(acme);
    betaIdentity = node.member(beta);
    node.user(alice, acme).user(bob, acme).user(carol, beta);
    aliceToken = node.token(alice);
    revokedToken = Tokens.generate();
    store.addToken(
        new ApiToken("r-" + suffix, alice, Tokens.hash(revokedToken), Instant.now(), false));
    store.revokeToken("r-" + suffix);
    anonymous = new Http(node.uri(), Optional.empty());
    asAlice = anonymous.as(Http.basic(alice, PASSWORD));
    asBob = anonymous.as(Http.basic(bob, PASSWORD));
    asCarol = anonymous.as(Http.basic(carol, PASSWORD));
  }

  @AfterAll
  void stopServer() throws IOException {
    if (node != null) {
      node.close();
    }
    try (Stream<Path> files = Files.walk(tempDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A new collection with grants given as principal, read, write triples. */
  CollectionId collection(Object... grants) {
    CollectionId id = CollectionId.random();
    store.createCollection(
        new CollectionInfo(
            id, "Collection " + id, Optional.of("test"), Optional.empty(), List.of()));
    for (int i = 0; i < grants.length; i += 3) {
      store.grant(
          new Permission(
              id,
              Principal.parse((String) grants[i]),
              (Boolean) grants[i + 1],
              (Boolean) grants[i + 2]));
    }
    return id;
  }

  /** A collection acme (alice, bob) may read and write; beta has no rights. */
  CollectionId acmeCollection() {
    return collection("member:" + acme, true, true);
  }

  static String objects(CollectionId c) {
    return "api1/collections/" + c + "/objects/";
  }

  static String envelope(String... objects) {
    return "{\"objects\":[" + String.join(",", objects) + "]}";
  }

  static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }

  static String indicator(String id, String modified) {
    return indicator(id, modified, "[ipv4-addr:value = '198.51.100.7']");
  }

  static String indicator(String id, String modified, String pattern) {
    return """
        {"type":"indicator","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z",\
        "modified":"%s","name":"bad address","pattern":"%s","pattern_type":"stix",\
        "valid_from":"2020-01-01T00:00:00Z","x_custom":{"kept":[1,2.50,"as sent"]}}"""
        .formatted(id, modified, pattern);
  }

  static String malware(String id, String createdByRef) {
    return """
        {"type":"malware","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
        "created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z",\
        "name":"Poison Ivy","is_family":true}"""
        .formatted(id, createdByRef);
  }

  static String ipv4(String id, String value) {
    return """
        {"type":"ipv4-addr","spec_version":"2.1","id":"%s","value":"%s"}"""
        .formatted(id, value);
  }

  static byte[] repeat(char c, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }
}
