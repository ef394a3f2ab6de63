package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.client.Credentials;

/**
 * A peer that answers garbage: a fake TAXII server (the misbehaviour cannot be had from a real one)
 * on loopback that plays a script of bad answers. Each failure is reported and retried, the cursor
 * never moves past what was applied, and one bad object does not block the rest.
 */
class BadPeerTest {
  @TempDir Path dir;
  HttpServer fake;
  final Deque<Answer> script = new ArrayDeque<>();
  final List<String> requests = new ArrayList<>();
  Store store;
  Federation federation;
  final CollectionId local = CollectionId.random();

  record Answer(int status, String body, Optional<String> dateAddedLast, long declaredLength) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Optional.empty(), -1);
    }
  }

  @BeforeEach
  void start() throws IOException {
    fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/root/", this::answer);
    fake.start();
    store = Stores.open(new StoreConfig.Sqlite(dir));
    federation = pullingFrom(store, "garbage", fake, Credentials.bearer("t0ken"), local);
  }

  /**
   * A federation over {@code store} that pulls the fake's collection {@code remote-1} (under {@code
   * /root/}) into a new local collection, with pages bounded at 64 KiB.
   */
  static Federation pullingFrom(
      Store store, String name, HttpServer fake, Credentials credentials, CollectionId local) {
    store.createCollection(
        new CollectionInfo(local, "pulled", Optional.empty(), Optional.empty(), List.of()));
    URI url = URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/root/");
    Peer peer = peer(name, url, credentials, Map.of("remote-1", local));
    return Federation.create(store, ExportPolicy.DEFAULT, List.of(peer), 64 * 1024);
  }

  /** A peer that pulls {@code pull} and reads nothing, polled every 100 ms, 100 per page. */
  static Peer peer(String name, URI url, Credentials credentials, Map<String, CollectionId> pull) {
    return new Peer(
        name,
        url,
        credentials,
        pull,
        Set.of(),
        Optional.empty(),
        Optional.empty(),
        100,
        Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    federation.close();
    fake.stop(0);
    store.close();
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    requests.add(
        exchange.getRequestURI().toString()
            + " "
            + exchange.getRequestHeaders().getFirst("Authorization"));
    Answer a = script.isEmpty() ? Answer.of(200, "{\"more\":false}") : script.poll();
    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
    a.dateAddedLast()
        .ifPresent(t -> exchange.getResponseHeaders().add("X-TAXII-Date-Added-Last", t));
    exchange.getResponseHeaders().add("Content-Type", "application/taxii+json;version=2.1");
    exchange.sendResponseHeaders(
        a.status(), a.declaredLength() > 0 ? a.declaredLength() : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException clientGaveUp) {
      // The client refused a page over its bound and closed the connection: expected.
    }
  }

  private PeerStatus pollOnce() {
    federation.syncOnce();
    return federation.status().getFirst();
  }

  private static String envelope(boolean more, String next, String... objects) {
    return "{\"more\":"
        + more
        + (next == null ? "" : ",\"next\":\"" + next + "\"")
        + ",\"objects\":["
        + String.join(",", objects)
        + "]}";
  }

  private static StixObject valid() {
    return Samples.onAddress(
        Samples.newId("indicator"), "2024-05-01T00:00:00.000Z", Tlp.GREEN, null, "203.0.113.7");
  }

  @Test
  void fiveHundredsGarbageAndOversizedPagesAreReportedAndRetriedWithoutMovingTheCursor() {
    script.add(Answer.of(503, "{\"title\":\"busy\"}"));
    PeerStatus s = pollOnce();
    assertThat(s.lastError().orElseThrow()).contains("HTTP 503").contains("busy");
    assertThat(s.consecutiveFailures()).isEqualTo(1);

    script.add(Answer.of(200, "<html>not json</html>"));
    s = pollOnce();
    assertThat(s.lastError().orElseThrow()).contains("not JSON");
    assertThat(s.consecutiveFailures()).isEqualTo(2);
    assertThat(s.nextAttempt().orElseThrow()).isAfter(s.lastAttempt().orElseThrow());

    script.add(Answer.of(200, "[1,2,3]"));
    assertThat(pollOnce().lastError().orElseThrow()).contains("expected a TAXII envelope");

    script.add(
        new Answer(
            200,
            envelope(false, null, "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}"),
            Optional.of("2024-06-01T00:00:00.000000Z"),
            -1));
    assertThat(pollOnce().lastError().orElseThrow()).contains("over the bound");
    assertThat(store.syncCursor("garbage", "remote-1")).isEmpty();

    // One page with good objects around bad ones: the good ones are applied, the bad counted.
    StixObject first = valid();
    StixObject second = valid();
    script.add(
        new Answer(
            200,
            envelope(
                true,
                "p2",
                first.toJson(),
                "{\"type\":\"indicator\",\"id\":\"indicator--not-a-uuid\"}",
                "\"a string\"",
                second.toJson()),
            Optional.of("2024-06-01T00:00:00.000001Z"),
            -1));
    // The next page is a 500: the first page stays applied, the cursor stays after it.
    script.add(Answer.of(500, "oops"));
    s = pollOnce();
    assertThat(s.added()).isEqualTo(2);
    assertThat(s.invalid()).isEqualTo(2);
    assertThat(s.lastError().orElseThrow()).contains("HTTP 500");
    assertThat(store.syncCursor("garbage", "remote-1").orElseThrow().addedAfter())
        .isEqualTo("2024-06-01T00:00:00.000001Z");

    // The peer recovers: the next poll resumes from the cursor and succeeds.
    s = pollOnce();
    assertThat(s.consecutiveFailures()).isZero();
    assertThat(s.lastSuccess()).isPresent();
    assertThat(requests.getLast())
        .contains("added_after=2024-06-01T00%3A00%3A00.000001Z")
        .contains("Bearer t0ken");
    assertThat(s.caughtUp()).isPresent();
  }

  @Test
  void aPeerThatSaysMoreForeverOrRepeatsItsNextTokenCannotHoldThePuller() {
    script.add(
        new Answer(
            200,
            envelope(true, "same", valid().toJson()),
            Optional.of("2024-06-01T00:00:00Z"),
            -1));
    script.add(
        new Answer(
            200,
            envelope(true, "same", valid().toJson()),
            Optional.of("2024-06-01T00:00:01Z"),
            -1));
    PeerStatus s = pollOnce();
    assertThat(s.lastError().orElseThrow()).contains("repeats the same next token");
    assertThat(s.added()).isEqualTo(2);
  }

  @Test
  void aPageThatSaysMoreWithoutANextTokenEndsThePollAfterApplyingIt() {
    script.add(
        new Answer(
            200, envelope(true, null, valid().toJson()), Optional.of("2024-06-01T00:00:00Z"), -1));
    PeerStatus s = pollOnce();
    assertThat(s.lastError().orElseThrow()).contains("says more follows but gives no next token");
    assertThat(s.added()).isEqualTo(1);
    assertThat(store.syncCursor("garbage", "remote-1").orElseThrow().addedAfter())
        .isEqualTo("2024-06-01T00:00:00Z");
  }

  @Test
  void pulledObjectsAreStoredExactlyAsThePeerSentThem() {
    // Another server's formatting: spaces, an escaped character, a number written its own way.
    String id = Samples.newId("indicator");
    String sent =
        valid()
            .toJson()
            .replaceFirst("\"id\":\"[^\"]+\"", "\"id\" : \"" + id + "\"")
            .replace(
                "\"type\":\"indicator\"",
                "\"type\":\"indicator\", \"x_note\":\"caf\\u00e9\"," + " \"x_n\":1.50");
    script.add(
        new Answer(200, envelope(false, null, sent), Optional.of("2024-06-01T00:00:00Z"), -1));

    assertThat(pollOnce().added()).isEqualTo(1);

    assertThat(store.query(local, ObjectQuery.latest(10)).objects())
        .singleElement()
        .satisfies(o -> assertThat(o.json()).contains(sent));
  }

  @Test
  void aPageOfObjectsWithoutDateAddedLastIsRefused() {
    script.add(Answer.of(200, envelope(false, null, valid().toJson())));
    assertThat(pollOnce().lastError().orElseThrow()).contains("X-TAXII-Date-Added-Last");
    assertThat(store.syncCursor("garbage", "remote-1")).isEmpty();
  }

  @Test
  void backoffDoublesAndIsBounded() {
    Peer p = federation.peers().getFirst();
    assertThat(Federation.backoff(p, 1)).isEqualTo(Duration.ofMillis(100));
    assertThat(Federation.backoff(p, 2)).isEqualTo(Duration.ofMillis(200));
    assertThat(Federation.backoff(p, 4)).isEqualTo(Duration.ofMillis(800));
    assertThat(Federation.backoff(p, 60)).isEqualTo(Federation.MAX_BACKOFF);
  }
}
