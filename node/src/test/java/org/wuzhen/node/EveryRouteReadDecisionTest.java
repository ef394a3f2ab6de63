package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.AddOutcome;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.User;
import org.wuzhen.taxii.Node;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.testing.TestNode;
import org.wuzhen.transparency.AuditFailure;
import org.wuzhen.transparency.AuditState;
import org.wuzhen.transparency.Auditor;
import org.wuzhen.transparency.FullAudit;
import org.wuzhen.transparency.LogClient;

/**
 * One read decision behind every route of a fully assembled node (TAXII, transparency log,
 * federation, governance, as {@link NodeAssembly} builds it for {@code serve}), on both stores. The
 * test enumerates every route the node serves, so a route added later is tried too, and asks each
 * with every withheld object as its path and query parameters, as a member without rights on a
 * collection, as a federation peer whose export policy withholds TLP:RED, and anonymously: no
 * answer may show an id, name, content, hash or account record it may not read. Every caller's
 * audit of the whole log still passes, and a record changed in the store is still found.
 */
class EveryRouteReadDecisionTest {
  @TempDir Path dir;

  static Stream<String> stores() {
    return Stream.of("sqlite", "postgresql");
  }

  private static final String ACME = "identity--a0000000-0000-4000-8000-00000000000a";
  private static final String OTHER = "identity--b0000000-0000-4000-8000-00000000000b";
  private static final String PEER = "identity--c0000000-0000-4000-8000-00000000000c";
  private static final String ADMIN = "alice-acme-admin";
  private static final String OLGA = "olga-other-user";
  private static final String PEER_LOGIN = "bee-login-at-a";

  /** An object version stored for the test, where it is and what it shows when shown. */
  private record Target(CollectionId collection, StixObject object, long dateAdded, String json) {
    String id() {
      return object.id().toString();
    }

    /** The strings that tell the object: its id, its distinctive text, the hash the log keeps. */
    List<String> tells(String text) {
      return List.of(id(), text, sha256(json));
    }
  }

  /** The node, what it holds and who may see what. */
  private static final class Scenario implements AutoCloseable {
    final StoreConfig storeConfig;
    final Node node;
    final Store store;
    final CollectionId acmeOnly;
    final CollectionId shared;
    final CollectionId governance = CollectionId.random();
    final List<Target> targets = new ArrayList<>();
    final Map<String, List<String>> secrets = new LinkedHashMap<>();
    final Map<String, List<String>> mustSee = new LinkedHashMap<>();

    Scenario(Path dir, StoreConfig storeConfig) throws IOException {
      this.storeConfig = storeConfig;
      this.acmeOnly = CollectionId.random();
      this.shared = CollectionId.random();
      Path config = dir.resolve("wuzhen.yaml");
      Files.writeString(config, yaml(dir, storeConfig));
      NodeConfig nodeConfig = ConfigLoader.load(Optional.of(config), Map.of(), Map.of());
      Store seeded = NodeStores.open(nodeConfig);
      try {
        seed(seeded);
      } catch (RuntimeException e) {
        seeded.close();
        throw e;
      }
      this.node =
          NodeAssembly.start(
              nodeConfig,
              Optional.of(config),
              seeded,
              Optional.empty(),
              new PrintWriter(new StringWriter(), true));
      this.store = node.store();
      secrets();
      awaitSignedHead();
    }

    /** Until the node's signed head covers every leaf (it signs a grown log within a second). */
    void awaitSignedHead() throws IOException {
      LogClient log = LogClient.of(uri(), Credentials.none(), LogClient.DEFAULT_MAX_BYTES);
      long deadline = System.nanoTime() + 30_000_000_000L;
      try {
        while (log.head().treeSize() < store.logSize()) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("the node signed no head of the whole log in 30 s");
          }
          Thread.sleep(50);
        }
      } catch (AuditFailure e) {
        throw new IOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    private String yaml(Path dir, StoreConfig storeConfig) {
      String store =
          switch (storeConfig) {
            case StoreConfig.Sqlite s -> "store:\n  kind: sqlite\n";
            case StoreConfig.Postgres p ->
                "store:\n  kind: postgresql\n  url: %s\n  user: %s\n  password: '%s'\n"
                    .formatted(p.jdbcUrl(), p.user(), p.password());
          };
      return """
          node:
            data: %s
          server:
            port: 0
          %s
          community:
            collection: %s
            members:
              - name: acme
                identity_ref: %s
              - name: other
                identity_ref: %s
            rules:
              member_signatures: optional
          export_policy:
            max_tlp: green
            peers:
              node-b: {relation: community}
          peers:
            - name: node-b
              url: http://127.0.0.1:1/api1/
              token: not-a-real-token
              read: [%s]
              member: peer-b
              interval_ms: 600000
          """
          .formatted(dir.resolve("data"), store, governance, ACME, OTHER, shared);
    }

    /** Members, users, collections and objects, straight into the store before the node starts. */
    private void seed(Store s) {
      s.addMember(new Member("acme", ACME));
      s.addMember(new Member("other", OTHER));
      s.addMember(new Member("peer-b", PEER));
      s.addUser(new User(ADMIN, "acme", TestNode.CHEAP.hash(TestNode.PASSWORD), true));
      s.addUser(new User(OLGA, "other", TestNode.CHEAP.hash(TestNode.PASSWORD), false));
      s.addUser(new User(PEER_LOGIN, "peer-b", TestNode.CHEAP.hash(TestNode.PASSWORD), false));
      s.createCollection(
          new CollectionInfo(
              acmeOnly, "Acme private", Optional.empty(), Optional.empty(), List.of()));
      s.createCollection(
          new CollectionInfo(shared, "Shared", Optional.empty(), Optional.empty(), List.of()));
      s.grant(new Permission(acmeOnly, Principal.member("acme"), true, true));
      s.grant(new Permission(shared, Principal.member("acme"), true, true));
      s.grant(new Permission(shared, Principal.member("other"), true, false));
      String iP = "indicator--10000000-0000-4000-8000-000000000001";
      String iS = "indicator--20000000-0000-4000-8000-000000000002";
      add(
          s,
          acmeOnly,
          indicator(iP, "acme-private-indicator", "203.0.113.77", Tlp.GREEN),
          sco("198.51.100.66"),
          note("note--10000000-0000-4000-8000-000000000003", iP, "acme-private-note", Tlp.GREEN));
      add(
          s,
          shared,
          indicator(iS, "shared-green-indicator", "203.0.113.10", Tlp.GREEN),
          indicator(
              "indicator--20000000-0000-4000-8000-000000000004",
              "shared-red-indicator",
              "203.0.113.88",
              Tlp.RED),
          note("note--20000000-0000-4000-8000-000000000005", iS, "red-note-content", Tlp.RED));
    }

    private void add(Store s, CollectionId collection, String... json) {
      List<StixObject> objects = Stream.of(json).map(StixObject::parse).toList();
      List<AddOutcome> outcomes = s.add(collection, objects);
      for (int i = 0; i < objects.size(); i++) {
        targets.add(
            new Target(
                collection,
                objects.get(i),
                ((AddOutcome.Added) outcomes.get(i)).dateAddedMicros(),
                objects.get(i).toJson()));
      }
    }

    Target target(String text) {
      return targets.stream().filter(t -> t.json().contains(text)).findFirst().orElseThrow();
    }

    /** What each caller must never be shown, and what it must be shown somewhere. */
    private void secrets() {
      List<String> acmePrivate = new ArrayList<>(List.of(acmeOnly.toString(), "Acme private"));
      for (String text : List.of("acme-private-indicator", "198.51.100.66", "acme-private-note")) {
        acmePrivate.addAll(target(text).tells(text));
      }
      acmePrivate.add("203.0.113.77");
      List<String> olga = new ArrayList<>(acmePrivate);
      olga.addAll(List.of(ADMIN, PEER_LOGIN, "peer-b"));
      secrets.put(OLGA, olga);
      List<String> peer = new ArrayList<>(acmePrivate);
      peer.addAll(target("shared-red-indicator").tells("shared-red-indicator"));
      peer.addAll(target("red-note-content").tells("red-note-content"));
      peer.addAll(List.of("203.0.113.88", governance.toString(), ADMIN, OLGA));
      secrets.put(PEER_LOGIN, peer);
      List<String> anonymous = new ArrayList<>(peer);
      anonymous.addAll(target("shared-green-indicator").tells("shared-green-indicator"));
      anonymous.addAll(List.of(shared.toString(), PEER_LOGIN, "acme-"));
      secrets.put("", anonymous);
      // What each may read, so the routes are seen to reach the objects at all.
      mustSee.put(ADMIN, List.of("acme-private-indicator", "acme-private-note", "198.51.100.66"));
      mustSee.put(OLGA, List.of("shared-green-indicator", "red-note-content", OLGA));
      mustSee.put(PEER_LOGIN, List.of("shared-green-indicator", PEER_LOGIN));
    }

    URI uri() {
      return node.baseUri();
    }

    @Override
    public void close() {
      node.close();
    }
  }

  private static String indicator(String id, String name, String address, Tlp tlp) {
    return """
        {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
        "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"%s",\
        "pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix",\
        "valid_from":"2024-01-01T00:00:00Z","confidence":90,"object_marking_refs":["%s"]}"""
        .formatted(id, ACME, name, address, tlp.markingId());
  }

  /** An ipv4-addr with its deterministic id: the kind of id a guesser can compute. */
  private static String sco(String address) {
    JsonObject sco =
        (JsonObject)
            Json.parse(
                "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"value\":\"" + address + "\"}");
    return Json.write(sco.with("id", new JsonString(ScoIds.compute(sco).orElseThrow().toString())));
  }

  private static String note(String id, String about, String content, Tlp tlp) {
    return """
        {"type":"note","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
        "created":"2024-01-02T00:00:00.000Z","modified":"2024-01-02T00:00:00.000Z",\
        "content":"%s","object_refs":["%s"],"object_marking_refs":["%s"]}"""
        .formatted(id, ACME, content, about, tlp.markingId());
  }

  private Scenario scenario(String kind) throws IOException {
    return new Scenario(
        Files.createDirectories(dir.resolve(kind)),
        kind.equals("sqlite")
            ? new StoreConfig.Sqlite(dir.resolve(kind).resolve("data"))
            : PostgresServer.shared().createDatabase());
  }

  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  /** The route's path with every template parameter set for the target. */
  private static String path(String template, Target t) {
    Matcher m = PARAM.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "root" -> "api1";
            case "collection" -> t.collection().toString();
            case "status" -> "status--" + t.id();
            // A MISP feed's files: the manifest names every event the reader may see.
            case "file" -> "manifest.json";
            default -> t.id();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /**
   * Every query parameter a route of the node reads, set for the target; a route that needs one
   * missing here answers 400 naming it, which fails the test until it is added.
   */
  private static Map<String, String> query(Target t, long size) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("collection", t.collection().toString());
    q.put("id", t.id());
    q.put("date_added", Long.toString(t.dateAdded()));
    q.put("start", "0");
    q.put("end", Long.toString(size));
    q.put("leaf_index", "0");
    q.put("tree_size", Long.toString(size));
    q.put("first", "1");
    q.put("second", Long.toString(size));
    q.put("match[id]", t.id());
    q.put("match[version]", "all");
    return q;
  }

  private record Answer(String request, int status, String body) {}

  private static Answer get(HttpClient http, URI base, String user, String path, String query)
      throws Exception {
    URI uri = base.resolve(path.substring(1) + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).header("Accept", "application/taxii+json;version=2.1");
    if (!user.isEmpty()) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (user + ":" + TestNode.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(user + " GET " + uri, r.statusCode(), r.body());
  }

  private static String encode(Map<String, String> q) {
    return q.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void noRouteShowsACallerWhatTheReadDecisionWithholds(String kind) throws Exception {
    try (Scenario s = scenario(kind);
        HttpClient http = HttpClient.newHttpClient()) {
      List<Node.ServedRoute> routes = s.node.routes();
      // Reads are GETs; the only other routes are TAXII's own writes, refused to these callers,
      // and the console's forms (their pages answer these callers, who have no console session,
      // with the login page; the web module tests its pages with sessions).
      assertThat(routes.stream().filter(r -> !r.method().equals("GET")))
          .extracting(r -> r.method() + " " + r.template())
          .filteredOn(r -> !r.startsWith("POST /ui/"))
          .containsExactlyInAnyOrder(
              "POST /{root}/collections/{collection}/objects/",
              "DELETE /{root}/collections/{collection}/objects/{object}/");
      assertThat(routes)
          .extracting(Node.ServedRoute::template)
          .contains(
              "/wuzhen/log/leaves/",
              "/wuzhen/log/object/",
              "/wuzhen/objects/{id}/",
              "/wuzhen/peers/",
              "/misp/feeds/{collection}/{file}",
              "/misp/events/{id}",
              "/{root}/collections/{collection}/objects/{object}/");
      long size = s.store.logSize();
      Map<String, StringBuilder> seen = new LinkedHashMap<>();
      for (String user : List.of(ADMIN, OLGA, PEER_LOGIN, "")) {
        seen.put(user, new StringBuilder());
        for (Node.ServedRoute route : routes) {
          if (!route.method().equals("GET")) {
            continue;
          }
          for (Target t : s.targets) {
            for (String query : List.of("", encode(query(t, size)))) {
              Answer a = get(http, s.uri(), user, path(route.template(), t), query);
              seen.get(user).append(a.body()).append('\n');
              if (!query.isEmpty()) {
                assertThat(a.status() == 400 && a.body().matches("(?s).*: (missing|required).*"))
                    .as("%s asks for a parameter the test does not give: %s", a.request(), a.body())
                    .isFalse();
              }
              // An error may repeat what was asked (the path and parameters), never more.
              String shown = a.body();
              if (a.status() >= 400) {
                for (String asked : List.of(t.id(), t.collection().toString())) {
                  shown = shown.replace(asked, "");
                }
              }
              for (String secret : s.secrets.getOrDefault(user, List.of())) {
                assertThat(shown).as("%s shows %s", a.request(), secret).doesNotContain(secret);
              }
            }
          }
        }
      }
      s.mustSee.forEach(
          (user, texts) -> assertThat(seen.get(user).toString()).as(user).contains(texts));
    }
  }

  private static Auditor.Report wholeTree(URI node, String user) throws AuditFailure {
    return Auditor.audit(
        new Auditor.Request(
            node,
            new AuditState(node.toString(), Optional.empty(), Optional.empty(), List.of()),
            List.of(),
            List.of(),
            List.of(),
            true,
            Credentials.basic(user, TestNode.PASSWORD)));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void everyCallerAuditsTheWholeLogAndATamperedStoreIsStillFound(String kind) throws Exception {
    try (Scenario s = scenario(kind)) {
      long size = s.store.logSize();
      LogClient log = LogClient.of(s.uri(), Credentials.none(), LogClient.DEFAULT_MAX_BYTES);
      for (String user : List.of(ADMIN, OLGA, PEER_LOGIN)) {
        assertThat(wholeTree(s.uri(), user).checks())
            .as(user)
            .anyMatch(c -> c.startsWith("whole tree: its " + size + " leaves hash to"));
      }
      assertThat(FullAudit.run(s.store, List.of(log.head())).treeSize()).isEqualTo(size);
      // Member other's record, leaf 1, lies beneath the stored subtree of leaves 0-15: the signed
      // root stays, so only a whole-tree or full audit can tell.
      sql(
          s.storeConfig,
          "UPDATE log_leaves SET record = replace(record, '\"name\":\"other\"',"
              + " '\"name\":\"evil\"') WHERE record LIKE '%\"op\":\"member\"%'");
      for (String user : List.of(OLGA, PEER_LOGIN)) {
        try {
          wholeTree(s.uri(), user);
          throw new AssertionError(user + ": the whole-tree audit passed a rewritten leaf");
        } catch (AuditFailure e) {
          assertThat(e.getMessage()).contains("it serves another log than it signs");
        }
      }
      try {
        FullAudit.run(s.store, List.of(log.head()));
        throw new AssertionError("the full audit passed a tampered store");
      } catch (AuditFailure e) {
        assertThat(e.getMessage()).contains("the stored subtree hash (level 4, index 0)");
      }
    }
  }

  private static void sql(StoreConfig config, String sql) throws Exception {
    try (Connection c =
            switch (config) {
              case StoreConfig.Sqlite s ->
                  DriverManager.getConnection(
                      "jdbc:sqlite:" + s.dataDirectory().resolve("wuzhen.db"));
              case StoreConfig.Postgres p ->
                  DriverManager.getConnection(p.jdbcUrl(), p.user(), p.password());
            };
        Statement st = c.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
