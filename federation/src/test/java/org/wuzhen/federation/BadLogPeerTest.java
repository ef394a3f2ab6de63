package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.CanonicalJson;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TreeHead;

/**
 * A peer whose log routes answer garbage: a fake server on loopback (a real node cannot be made to
 * misbehave so), plain TAXII under {@code /root/} and scripted {@code /wuzhen/log/} answers. A
 * server without a log is simply "no log"; malformed or oversized answers are errors in the status
 * and retried; a head that its key does not sign is flagged and pulling stops. The node keeps
 * running throughout.
 */
class BadLogPeerTest {
  @TempDir Path dir;
  HttpServer fake;
  final Map<String, String> log = new ConcurrentHashMap<>();
  final List<String> taxiiRequests = new ArrayList<>();
  final KeyPair key = Ed25519Keys.generate();
  Store store;
  Federation federation;

  @BeforeEach
  void start() throws IOException {
    fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext(
        "/root/",
        exchange -> {
          synchronized (taxiiRequests) {
            taxiiRequests.add(exchange.getRequestURI().toString());
          }
          reply(exchange, 200, "{\"more\":false}");
        });
    fake.createContext(
        "/wuzhen/log/",
        exchange -> {
          String body = log.get(exchange.getRequestURI().getPath());
          if (body == null) {
            reply(exchange, 404, "{\"title\":\"not found\"}");
          } else if (body.startsWith("503 ")) {
            reply(exchange, 503, body.substring(4));
          } else {
            reply(exchange, 200, body);
          }
        });
    fake.start();
    store = Stores.open(new StoreConfig.Sqlite(dir));
    federation =
        BadPeerTest.pullingFrom(store, "odd", fake, Credentials.none(), CollectionId.random());
  }

  @AfterEach
  void stop() {
    federation.close();
    fake.stop(0);
    store.close();
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException clientGaveUp) {
      // The client refused an answer over its bound and closed the connection: expected.
    }
  }

  private PeerStatus round() {
    federation.syncOnce();
    return federation.status().getFirst();
  }

  private int taxiiRequestCount() {
    synchronized (taxiiRequests) {
      return taxiiRequests.size();
    }
  }

  /** A head signed as docs/transparency.md says: canonical JSON of the four signed members. */
  private JsonObject signedHead(long size, LogHash root) {
    String keyId = Ed25519Keys.keyId(key.getPublic());
    long timestamp = 1_700_000_000_000L;
    byte[] message =
        CanonicalJson.writeBytes(
            JsonObject.builder()
                .put("key_id", keyId)
                .put("root_hash", root.hex())
                .put("timestamp", timestamp)
                .put("tree_size", size)
                .build());
    return new TreeHead(size, root, timestamp, keyId, Ed25519Keys.sign(key.getPrivate(), message))
        .toJson();
  }

  private void serveKey() {
    log.put(
        "/wuzhen/log/key/",
        Json.write(
            JsonObject.builder()
                .put("algorithm", "Ed25519")
                .put("key_id", Ed25519Keys.keyId(key.getPublic()))
                .put("public_key", Ed25519Keys.encodePublic(key.getPublic()))
                .build()));
  }

  private static LogHash root(int b) {
    byte[] bytes = new byte[LogHash.LENGTH];
    bytes[0] = (byte) b;
    return new LogHash(bytes);
  }

  @Test
  void aPlainTaxiiServerHasNoLogAndIsPulledAsBefore() {
    PeerStatus s = round();
    assertThat(s.log()).isInstanceOf(PeerLog.NoLog.class);
    assertThat(s.lastError()).isEmpty();
    assertThat(s.pulling()).isTrue();
    assertThat(taxiiRequestCount()).isEqualTo(1);
    assertThat(store.peerHead("odd")).isEmpty();
  }

  @Test
  void malformedUnavailableAndOversizedHeadsAreErrorsRetriedEachRound() {
    serveKey();
    log.put("/wuzhen/log/head/", "{\"tree_size\":\"many\"}");
    PeerStatus s = round();
    assertThat(((PeerLog.Unverified) s.log()).error())
        .contains("/wuzhen/log/head/: malformed answer: tree head: tree_size")
        .contains("expected an integer, found string");
    assertThat(s.pulling()).isTrue();

    log.put("/wuzhen/log/head/", "<html>not json</html>");
    assertThat(((PeerLog.Unverified) round().log()).error())
        .contains("the answer is not JSON (HTTP 200)");

    log.put("/wuzhen/log/head/", "503 {\"description\":\"busy\"}");
    assertThat(((PeerLog.Unverified) round().log()).error()).contains("HTTP 503: ", "busy");

    log.put("/wuzhen/log/head/", "{\"pad\":\"" + "a".repeat(70 * 1024) + "\"}");
    assertThat(((PeerLog.Unverified) round().log()).error()).contains("over the bound");

    // None of this proved anything against the peer: it is still pulled, nothing is flagged.
    assertThat(store.peerFlags()).isEmpty();
    assertThat(taxiiRequestCount()).isEqualTo(4);

    // The peer recovers: its head is verified and pinned.
    log.put("/wuzhen/log/head/", Json.write(signedHead(3, root(1))));
    PeerStatus recovered = round();
    assertThat(recovered.log()).isInstanceOf(PeerLog.Verified.class);
    assertThat(store.peerHead("odd").orElseThrow().treeSize()).isEqualTo(3);
  }

  @Test
  void aHeadItsKeyDoesNotSignIsFlaggedAndPullingStops() {
    serveKey();
    JsonObject good = signedHead(3, root(1));
    String forged =
        Json.write(
            JsonObject.builder()
                .put("tree_size", 3)
                .put("root_hash", root(2).hex())
                .put("timestamp", 1_700_000_000_000L)
                .put("key_id", Ed25519Keys.keyId(key.getPublic()))
                .put("signature", good.string("signature").orElseThrow())
                .build());
    log.put("/wuzhen/log/head/", forged);
    PeerStatus s = round();
    assertThat(((PeerLog.Flagged) s.log()).message())
        .startsWith("odd (http://127.0.0.1:")
        .contains("does not verify with its log key " + Ed25519Keys.keyId(key.getPublic()));
    assertThat(s.pulling()).isFalse();
    assertThat(taxiiRequestCount()).isZero();
    // A good head afterwards does not lift the flag: only an operator does.
    log.put("/wuzhen/log/head/", Json.write(good));
    assertThat(round().log()).isInstanceOf(PeerLog.Flagged.class);
    assertThat(taxiiRequestCount()).isZero();
  }

  @Test
  void garbageInTheWitnessedListIsReportedWithoutFlaggingAnyone() {
    serveKey();
    log.put("/wuzhen/log/head/", Json.write(signedHead(3, root(1))));
    log.put(
        "/wuzhen/log/witnessed/",
        "{\"heads\":[1,{\"head\":{\"tree_size\":1}},{\"public_key\":\"x\"}]}");
    PeerStatus s = round();
    PeerLog.Verified verified = (PeerLog.Verified) s.log();
    assertThat(verified.witnessProblem().orElseThrow())
        .contains("witnessed heads[0]: expected an object with a head")
        .contains("witnessed heads[1].head is malformed")
        .contains("witnessed heads[2]: expected an object with a head");
    assertThat(store.peerFlags()).isEmpty();
    assertThat(s.pulling()).isTrue();

    log.put("/wuzhen/log/witnessed/", "{\"heads\":5}");
    assertThat(((PeerLog.Verified) round().log()).witnessProblem().orElseThrow())
        .startsWith("witnessed heads: GET ")
        .endsWith(
            "/wuzhen/log/witnessed/: malformed answer: heads: expected an array, found number");
  }

  @Test
  void aWitnessRelayingAForgedHeadOfAThirdNodeCannotGetItFlagged() throws Exception {
    try (PeerNode t = PeerNode.start("t", dir.resolve("t"), "{}")) {
      federation.addPeer(BadPeerTest.peer("t", t.apiRoot(), Credentials.none(), Map.of()));
      serveKey();
      log.put("/wuzhen/log/head/", Json.write(signedHead(3, root(1))));
      round();
      JsonObject real = t.log.refresh().toJson();
      JsonObject forged =
          JsonObject.builder()
              .put("tree_size", real.get("tree_size").orElseThrow())
              .put("root_hash", root(9).hex())
              .put("timestamp", real.get("timestamp").orElseThrow())
              .put("key_id", real.get("key_id").orElseThrow())
              .put("signature", real.get("signature").orElseThrow())
              .build();
      log.put(
          "/wuzhen/log/witnessed/",
          Json.write(
              JsonObject.builder()
                  .put(
                      "heads",
                      new JsonArray(List.of(JsonObject.builder().put("head", forged).build())))
                  .build()));
      PeerStatus odd = round();
      assertThat(((PeerLog.Verified) odd.log()).witnessProblem().orElseThrow())
          .contains("witnessed head of t")
          .contains("is not signed by t's log key");
      assertThat(store.peerFlags()).isEmpty();
      assertThat(federation.status())
          .filteredOn(x -> x.peer().equals("t"))
          .singleElement()
          .satisfies(x -> assertThat(x.log()).isInstanceOf(PeerLog.Verified.class));
    }
  }
}
