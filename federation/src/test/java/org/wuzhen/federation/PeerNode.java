package org.wuzhen.federation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.AddOutcome;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.User;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.TlsSettings;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ServerTrust;
import org.wuzhen.taxii.testing.TestNode;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TransparencyLog;

/**
 * A real node for multi-node tests ({@link TestNode} with the transparency log, signing heads in
 * the background, and federation, syncing when a test says so): its own SQLite store in its own
 * directory, one member of its own and one collection. Peering is set up on both sides: the source
 * gets a member and user for the reader and names it as a peer that may read; the reader names the
 * source as a peer to pull from.
 */
final class PeerNode implements AutoCloseable {
  static final String PASSWORD = TestNode.PASSWORD;
  static final PasswordHasher CHEAP = TestNode.CHEAP;

  final String name;
  final Path dir;
  final String identity = "identity--" + UUID.randomUUID();
  final CollectionId shared = CollectionId.random();
  final String admin;
  private final String policyJson;
  private final Map<String, Peer> peerEntries = new LinkedHashMap<>();
  private final TestNode node;
  KeyPair logKey;
  Store store;
  TransparencyLog log;
  Federation federation;

  private PeerNode(String name, Path dir, String policyJson, KeyPair logKey, TlsSettings tls) {
    this.name = name;
    this.dir = dir;
    this.policyJson = policyJson;
    this.admin = name + "-admin";
    this.logKey = logKey;
    this.node =
        TestNode.sqlite(dir)
            .config(TestNode.config("node " + name).withTls(tls))
            .with(store -> new TransparencyLog(store, this.logKey, Clock.systemUTC()))
            .withoutStarting(
                store ->
                    Federation.create(
                        store,
                        ExportPolicy.parse(Json.parse(policyJson), "export_policy"),
                        List.of()))
            .start();
    started();
  }

  /** A node whose export policy is the given {@code export_policy} JSON. */
  static PeerNode start(String name, Path parent, String policyJson) throws IOException {
    return start(name, parent, policyJson, Ed25519Keys.generate());
  }

  /** A node whose transparency log signs with the given key. */
  static PeerNode start(String name, Path parent, String policyJson, KeyPair logKey)
      throws IOException {
    return start(name, parent, policyJson, logKey, TlsSettings.loopbackOnly());
  }

  /** A node that speaks TLS as {@code tls} says. */
  static PeerNode start(String name, Path parent, String policyJson, TlsSettings tls)
      throws IOException {
    return start(name, parent, policyJson, Ed25519Keys.generate(), tls);
  }

  private static PeerNode start(
      String name, Path parent, String policyJson, KeyPair logKey, TlsSettings tls)
      throws IOException {
    PeerNode n =
        new PeerNode(name, Files.createDirectories(parent.resolve(name)), policyJson, logKey, tls);
    n.store.addMember(new Member("m-" + name, n.identity));
    n.node.admin(n.admin, "m-" + name);
    n.store.createCollection(
        new CollectionInfo(
            n.shared, "Shared " + name, Optional.empty(), Optional.empty(), List.of()));
    n.node.grant(n.shared, Principal.member("m-" + name), true, true);
    return n;
  }

  private void started() {
    store = node.store();
    log = node.part(TransparencyLog.class);
    federation = node.part(Federation.class);
  }

  /** Stops the federation, the server and the store, as a crash or shutdown would. */
  void stop() {
    node.stop();
    federation = null;
    log = null;
    store = null;
  }

  /** Starts again on the same port and data. */
  void restart() {
    node.restart();
    started();
  }

  /** Starts again on the same port and data with another log key, as an operator re-keying. */
  void restartWithLogKey(KeyPair key) {
    logKey = key;
    restart();
  }

  /** The node's log key as {@code GET /wuzhen/log/key/} gives it. */
  String publicLogKey() {
    return Ed25519Keys.encodePublic(logKey.getPublic());
  }

  /** Runs SQL on the database file directly, behind the node's back. */
  void sqlBehindTheBack(String sql) throws java.sql.SQLException {
    node.sqlBehindTheBack(sql);
  }

  /** Three nodes that may pass on each other's objects as members, each pulling from the others. */
  static List<PeerNode> triangle(Path parent) throws IOException {
    String rules = "{\"relation\":\"member\",\"onward_sharing\":true}";
    List<PeerNode> nodes = new ArrayList<>();
    List<String> names = List.of("a", "b", "c");
    for (String name : names) {
      List<String> others = names.stream().filter(n -> !n.equals(name)).toList();
      String policy =
          "{\"peers\":{\""
              + others.get(0)
              + "\":"
              + rules
              + ",\""
              + others.get(1)
              + "\":"
              + rules
              + "}}";
      nodes.add(start(name, parent, policy));
    }
    for (PeerNode x : nodes) {
      for (PeerNode y : nodes) {
        if (x != y) {
          x.pullFrom(y);
        }
      }
    }
    return nodes;
  }

  /** Peers only with {@code other}'s log: an entry that pulls nothing and reads nothing. */
  void watch(PeerNode other) {
    if (!peerEntries.containsKey(other.name)) {
      register(bare(other.name, other.apiRoot()));
    }
  }

  URI apiRoot() {
    return node.apiRoot();
  }

  /** The user a reader logs in to this node as. */
  String readerUser(PeerNode reader) {
    return reader.name + "-at-" + name;
  }

  /** Sets up {@code this} pulling {@code source}'s shared collection into its own. */
  void pullFrom(PeerNode source) {
    pullFrom(source, Credentials.basic(source.readerUser(this), PASSWORD), ServerTrust.system());
  }

  /** As {@link #pullFrom(PeerNode)}, logging in and trusting the source's TLS as given. */
  void pullFrom(PeerNode source, Credentials credentials, ServerTrust trust) {
    source.letRead(this);
    Peer entry = peerEntries.getOrDefault(source.name, bare(source.name, source.apiRoot()));
    Map<String, CollectionId> pull = new HashMap<>(entry.pull());
    pull.put(source.shared.toString(), shared);
    register(
        new Peer(
            entry.name(),
            source.apiRoot(),
            credentials,
            pull,
            entry.read(),
            entry.member(),
            entry.user(),
            7,
            Duration.ofMillis(100),
            Optional.empty(),
            trust));
  }

  private void letRead(PeerNode reader) {
    String member = "peer-" + reader.name;
    if (store.member(member).isEmpty()) {
      store.addMember(new Member(member, "identity--" + UUID.randomUUID()));
      store.addUser(new User(readerUser(reader), member, CHEAP.hash(PASSWORD), false));
    }
    Peer entry = peerEntries.getOrDefault(reader.name, bare(reader.name, reader.apiRoot()));
    Set<CollectionId> read = new HashSet<>(entry.read());
    read.add(shared);
    register(
        new Peer(
            entry.name(),
            entry.apiRoot(),
            entry.credentials(),
            entry.pull(),
            read,
            Optional.of(member),
            Optional.empty(),
            entry.pageSize(),
            entry.interval()));
  }

  private void register(Peer p) {
    peerEntries.put(p.name(), p);
    federation.addPeer(p);
  }

  private static Peer bare(String name, URI url) {
    return new Peer(
        name,
        url,
        Credentials.none(),
        Map.of(),
        Set.of(),
        Optional.empty(),
        Optional.empty(),
        7,
        Duration.ofMillis(100));
  }

  List<AddOutcome> publish(StixObject... objects) {
    return store.add(shared, List.of(objects));
  }

  /** Every version this node holds in its shared collection, as id@versionMicros. */
  Set<String> holdings() {
    Set<String> out = new HashSet<>();
    for (StoredObject o : all()) {
      out.add(o.id() + "@" + o.versionMicros());
    }
    return out;
  }

  /** Every version held, with JSON. */
  List<StoredObject> all() {
    List<StoredObject> out = new ArrayList<>();
    Optional<PageCursor> after = Optional.empty();
    while (true) {
      ObjectPage page =
          store.query(
              shared,
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  List.of(),
                  VersionSelection.ALL,
                  List.of(),
                  500,
                  after,
                  true));
      out.addAll(page.objects());
      if (!page.more()) {
        return out;
      }
      after = page.next();
    }
  }

  static String key(StixObject o) {
    long micros =
        o.version()
            .map(t -> t.instant().getEpochSecond() * 1_000_000 + t.instant().getNano() / 1000)
            .orElse(0L);
    return o.id() + "@" + micros;
  }

  @Override
  public void close() {
    stop();
  }
}
