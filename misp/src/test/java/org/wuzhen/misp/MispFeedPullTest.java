package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.FederationSettings;
import org.wuzhen.federation.Peer;
import org.wuzhen.federation.PeerStatus;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.SyncCursor;

/**
 * A MISP feed served over loopback HTTP, pulled as MISP pulls it: manifest with ETag and 304,
 * events fetched only when new or newer, the feed's tag rules, bearer token sent as a header.
 */
class MispFeedPullTest {
  static final String ZEBROCY = "5be1e65d-8198-497b-bdf5-5ec20a016219";

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, String> authorization = new ConcurrentHashMap<>();
  private Store store;
  private CollectionId collection;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/feed/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring("/feed/".length());
          hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
              .ifPresent(a -> authorization.put(name, a));
          byte[] body = files.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
          exchange.getResponseHeaders().add("ETag", etag);
          if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    store = Stores.open(new StoreConfig.Sqlite(dir));
    collection = CollectionId.random();
    store.createCollection(
        new CollectionInfo(collection, "feed", Optional.empty(), Optional.empty(), List.of()));
    publish("2018-11-20_Zebrocy.json", "misp-turla-crutch-event.json");
  }

  @AfterEach
  void stop() {
    server.stop(0);
    store.close();
  }

  /** Writes the feed: each shared event as {@code <uuid>.json} and the manifest. */
  private void publish(String... events) throws Exception {
    JsonObject.Builder manifest = JsonObject.builder();
    for (String name : events) {
      JsonObject event = event(name);
      String uuid = event.string("uuid").orElseThrow();
      files.put(
          uuid + ".json", Json.writeBytes(JsonObject.builder().put("Event", event).build(), false));
      manifest.put(
          uuid,
          JsonObject.builder()
              .put("info", event.get("info").orElseThrow())
              .put("timestamp", event.get("timestamp").orElseThrow())
              .put("Orgc", event.get("Orgc").orElseThrow())
              .put("Tag", event.get("Tag").orElse(org.wuzhen.stix.JsonArray.EMPTY))
              .build());
    }
    files.put("manifest.json", Json.writeBytes(manifest.build(), false));
  }

  static JsonObject event(String name) throws Exception {
    Path file = SharedEventsImportTest.data().resolve(name);
    JsonObject doc = (JsonObject) Json.parse(Files.readAllBytes(file));
    return ((JsonObject) doc.array("response").orElseThrow().get(0)).object("Event").orElseThrow();
  }

  private MispFeed feed(List<String> tags) {
    return new MispFeed(
        "eset",
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/feed/"),
        collection,
        SharedEventsImportTest.MEMBER,
        java.time.Duration.ofHours(1),
        Map.of("Authorization", "Bearer s3cret"),
        tags,
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void pullsNewEventsThenAnswers304ThenOnlyTheEventThatChanged() throws Exception {
    MispFeedPull pull = new MispFeedPull(store, List.of(), Clock.systemUTC());
    MispFeedPull.Outcome first = pull.pollOnce(feed(List.of()));
    assertThat(first.fetched()).isEqualTo(2);
    assertThat(first.failures()).isEmpty();
    assertThat(
            store.query(collection, ObjectQuery.latestOf("grouping--" + ZEBROCY, false)).objects())
        .hasSize(1);
    assertThat(authorization).containsEntry("manifest.json", "Bearer s3cret");

    MispFeedPull.Outcome second = pull.pollOnce(feed(List.of()));
    assertThat(second.notModified()).isTrue();
    assertThat(hits.get(ZEBROCY + ".json").get()).isEqualTo(1);

    // The event changes: a newer timestamp in the manifest and the file; only it is fetched.
    JsonObject changed =
        event("2018-11-20_Zebrocy.json").with("timestamp", new JsonString("1700000000"));
    files.put(
        ZEBROCY + ".json",
        Json.writeBytes(JsonObject.builder().put("Event", changed).build(), false));
    JsonObject manifest = (JsonObject) Json.parse(files.get("manifest.json"));
    JsonObject entry =
        manifest.object(ZEBROCY).orElseThrow().with("timestamp", new JsonString("1700000000"));
    files.put("manifest.json", Json.writeBytes(manifest.with(ZEBROCY, entry), false));
    MispFeedPull.Outcome third = pull.pollOnce(feed(List.of()));
    assertThat(third.fetched()).isEqualTo(1);
    assertThat(third.unchanged()).isEqualTo(1);
    assertThat(hits.get(ZEBROCY + ".json").get()).isEqualTo(2);
    assertThat(
            store
                .query(collection, ObjectQuery.latestOf("grouping--" + ZEBROCY, false))
                .objects()
                .getFirst()
                .version())
        .contains("2023-11-14T22:13:20.000Z");
  }

  @Test
  void theFeedsTagRulesLeaveEventsOut() throws Exception {
    MispFeedPull pull = new MispFeedPull(store, List.of(), Clock.systemUTC());
    MispFeedPull.Outcome o = pull.pollOnce(feed(List.of("misp-galaxy:threat-actor=\"Sofacy\"")));
    assertThat(o.fetched()).isEqualTo(1);
    assertThat(o.filtered()).isEqualTo(1);
    assertThat(hits).doesNotContainKey("fa80877c-f509-4daf-8b62-20aba1635f68.json");
  }

  @Test
  void aMissingEventIsRetriedAndTheCursorStaysBehind() throws Exception {
    files.remove(ZEBROCY + ".json");
    MispFeedPull pull = new MispFeedPull(store, List.of(), Clock.systemUTC());
    MispFeedPull.Outcome o = pull.pollOnce(feed(List.of()));
    assertThat(o.fetched()).isEqualTo(1);
    assertThat(o.failures()).singleElement().asString().contains(ZEBROCY, "HTTP 404");
    publish("2018-11-20_Zebrocy.json", "misp-turla-crutch-event.json");
    MispFeedPull.Outcome again = pull.pollOnce(feed(List.of()));
    assertThat(again.notModified()).isFalse();
    assertThat(again.fetched()).isEqualTo(1);
    assertThat(again.unchanged()).isEqualTo(1);
  }

  @Test
  void anEventThatCannotBeReadIsRefusedAloneAndTheEventsAppliedWithItAreKept() throws Exception {
    // Events are applied several per transaction; one refused must not take the others with it.
    byte[] whole = files.get(ZEBROCY + ".json");
    files.put(ZEBROCY + ".json", java.util.Arrays.copyOf(whole, whole.length / 2));
    MispFeedPull pull = new MispFeedPull(store, List.of(), Clock.systemUTC());
    MispFeedPull.Outcome o = pull.pollOnce(feed(List.of()));
    assertThat(o.fetched()).isEqualTo(1);
    assertThat(o.added()).isGreaterThan(1);
    assertThat(o.failures()).singleElement().asString().contains(ZEBROCY, "line");
    assertThat(
            store.query(collection, ObjectQuery.latestOf("grouping--" + ZEBROCY, false)).objects())
        .isEmpty();
    String crutch = event("misp-turla-crutch-event.json").string("uuid").orElseThrow();
    assertThat(
            store
                    .query(collection, ObjectQuery.latestOf("report--" + crutch, false))
                    .objects()
                    .size()
                + store
                    .query(collection, ObjectQuery.latestOf("grouping--" + crutch, false))
                    .objects()
                    .size())
        .isEqualTo(1);
    assertThat(store.syncCursor(feed(List.of()).cursorName(), MispFeedPull.MANIFEST))
        .map(SyncCursor::addedAfter)
        .contains("");
  }

  /** The config's peers list: a TAXII peer and this test's feed as a peer of kind misp-feed. */
  private JsonObject peersConfig() {
    return (JsonObject)
        Json.parse(
            "{\"peers\": [{\"name\": \"node-b\", \"url\": \"https://node-b.example/api1/\"},"
                + " {\"kind\": \"misp-feed\", \"name\": \"eset\", \"url\": \"http://127.0.0.1:"
                + server.getAddress().getPort()
                + "/feed/\", \"collection\": \""
                + collection
                + "\", \"publisher\": \""
                + SharedEventsImportTest.MEMBER
                + "\", \"interval_seconds\": 3600, \"headers\": {\"Authorization\": \"Bearer"
                + " s3cret\"}}]}");
  }

  /** Federation over the config's feeds only (the TAXII peer is not reachable from here). */
  private Federation federation(JsonObject config) {
    FederationSettings settings = FederationSettings.from(config);
    assertThat(settings.peers()).extracting(Peer::name).containsExactly("node-b");
    return Federation.create(store, settings.policy(), List.of())
        .withSources(
            new MispFeedPull(store, MispFeed.fromConfig(config), Clock.systemUTC()).sources());
  }

  @Test
  void aFeedInThePeersListIsPolledByFederationWithItsStatusAndCursor() throws Exception {
    JsonObject config = peersConfig();
    assertThat(MispFeed.fromConfig(config)).extracting(MispFeed::name).containsExactly("eset");
    Federation federation = federation(config);

    federation.syncOnce();

    PeerStatus status = federation.status().getFirst();
    assertThat(status.peer()).isEqualTo("eset");
    assertThat(status.added()).isGreaterThan(0);
    assertThat(status.failures()).isZero();
    assertThat(status.lastSuccess()).isPresent();
    assertThat(status.caughtUp()).isPresent();
    assertThat(status.nextAttempt()).isPresent();
    assertThat(authorization).containsEntry("manifest.json", "Bearer s3cret");
    Optional<SyncCursor> cursor = federation.cursors("eset").get("manifest.json");
    String etag =
        "\"" + Integer.toHexString(java.util.Arrays.hashCode(files.get("manifest.json"))) + "\"";
    assertThat(cursor).map(SyncCursor::addedAfter).contains(etag);
    // Shown as what it is: the manifest's ETag, not a TAXII added-after date.
    assertThat(federation.position("eset", cursor.orElseThrow())).isEqualTo("ETag " + etag);
    assertThat(
            store.query(collection, ObjectQuery.latestOf("grouping--" + ZEBROCY, false)).objects())
        .hasSize(1);

    // Polled again: the manifest answers 304 and nothing more is fetched or added.
    federation.syncOnce();
    assertThat(hits.get("manifest.json").get()).isEqualTo(2);
    assertThat(hits.get(ZEBROCY + ".json").get()).isEqualTo(1);
    assertThat(federation.status().getFirst().added()).isEqualTo(status.added());
  }

  @Test
  void aStoredPeerWithAFeedsNameIsLeftOutAndTheFeedShownOnce() {
    Federation.register(
        store,
        Peer.parse(
            Json.parse("{\"name\": \"eset\", \"url\": \"https://node-b.example/api1/\"}"), "peer"));
    Federation federation = federation(peersConfig());
    assertThat(federation.peers()).extracting(Peer::name).doesNotContain("eset");
    assertThat(federation.status()).extracting(PeerStatus::peer).containsExactly("eset");
  }

  @Test
  void aFeedPolledByFederationShowsItsFailureAndKeepsItsCursorBehind() throws Exception {
    files.remove(ZEBROCY + ".json");
    Federation federation = federation(peersConfig());

    federation.syncOnce();

    PeerStatus status = federation.status().getFirst();
    assertThat(status.failures()).isEqualTo(1);
    assertThat(status.invalid()).isEqualTo(1);
    assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains(ZEBROCY, "404"));
    assertThat(status.caughtUp()).isEmpty();
    assertThat(federation.cursors("eset").get("manifest.json"))
        .map(SyncCursor::addedAfter)
        .contains("");
    assertThat(federation.position("eset", federation.cursors("eset").get("manifest.json").get()))
        .isEqualTo("no complete manifest yet");
  }

  @Test
  void aPeersEntryOfAnUnknownKindOrASharedNameIsNamed() {
    assertThatThrownBy(
            () ->
                FederationSettings.from(
                    (JsonObject) Json.parse("{\"peers\": [{\"kind\": \"stix-shifter\"}]}")))
        .hasMessageContaining("peers[0].kind")
        .hasMessageContaining("taxii (the default) or misp-feed");
    JsonObject twice =
        (JsonObject)
            Json.parse(
                "{\"peers\": [{\"name\": \"eset\", \"url\": \"https://x.example/\"}],"
                    + " \"misp_feeds\": [{\"name\": \"eset\", \"url\": \"https://y.example/\","
                    + " \"collection\": \"2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f\", \"publisher\":"
                    + " \"identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b\"}]}");
    assertThatThrownBy(() -> MispFeed.fromConfig(twice))
        .hasMessage("misp_feeds[0].name: 'eset' is used twice (feeds and peers share names)");
    JsonObject badFeedPeer =
        (JsonObject)
            Json.parse(
                "{\"peers\": [{\"kind\": \"misp-feed\", \"name\": \"eset\","
                    + " \"url\": \"https://y.example/\", \"pull\": {}}]}");
    assertThatThrownBy(() -> MispFeed.fromConfig(badFeedPeer))
        .hasMessageStartingWith("peers[0].pull: unknown setting");
  }

  @Test
  void configNamesTheBadSetting() {
    JsonValue root =
        Json.parse(
            "{\"misp_feeds\": [{\"name\": \"eset\", \"url\": \"ftp://x/\", \"collection\":"
                + " \"2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f\", \"publisher\":"
                + " \"identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b\"}]}");
    assertThatThrownBy(() -> MispFeed.fromConfig((JsonObject) root))
        .hasMessage("misp_feeds[0].url: expected an absolute http(s) URL, found 'ftp://x/'");
    JsonValue ok =
        Json.parse(
            "{\"misp_feeds\": [{\"name\": \"eset\", \"url\": \"https://feeds.example.org/eset\","
                + " \"collection\": \"2f9e1c42-8a4b-4c3d-9e7f-1a2b3c4d5e6f\", \"publisher\":"
                + " \"identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b\", \"headers\":"
                + " {\"Authorization\": \"Bearer t\"}}]}");
    MispFeed feed = MispFeed.fromConfig((JsonObject) ok).getFirst();
    assertThat(feed.url().toString()).isEqualTo("https://feeds.example.org/eset/");
    assertThat(feed.toString()).doesNotContain("Bearer");
    assertThat(MispFeed.fromConfig(JsonObject.EMPTY)).isEmpty();
  }
}
