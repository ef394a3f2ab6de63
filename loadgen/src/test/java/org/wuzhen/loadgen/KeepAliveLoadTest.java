package org.wuzhen.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The latency load generator against a real HTTP server on loopback. */
class KeepAliveLoadTest {
  private HttpServer server;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong unauthorised = new AtomicLong();
  private final Map<String, AtomicInteger> perConnection = new ConcurrentHashMap<>();
  private volatile int status = 200;

  private URI start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/api/objects/",
        exchange -> {
          requests.incrementAndGet();
          perConnection
              .computeIfAbsent(exchange.getRemoteAddress().toString(), k -> new AtomicInteger())
              .incrementAndGet();
          if (!"Bearer tok".equals(exchange.getRequestHeaders().getFirst("Authorization"))
              || !"/api/objects/?limit=10".equals(exchange.getRequestURI().toString())) {
            unauthorised.incrementAndGet();
          }
          byte[] body = "{\"objects\":[]}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/api/objects/?limit=10");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void backToBackClientsEachKeepOneConnectionAndEveryResponseIsTimed() throws IOException {
    KeepAliveLoad.Result r = new KeepAliveLoad(start(), "tok").run(20, 1, 0);
    assertThat(r.errors()).isZero();
    assertThat(r.connectFailures()).isZero();
    assertThat(r.latencyNanos().length).isPositive().isEqualTo(requests.get());
    assertThat(unauthorised.get()).isZero();
    assertThat(perConnection).hasSize(20);
    assertThat(r.latencyNanos()).isSorted();
    assertThat(r.percentileMillis(0.5)).isPositive().isLessThanOrEqualTo(r.percentileMillis(0.99));
  }

  @Test
  void pacedClientsSendOneRequestPerPeriod() throws IOException {
    // 10 clients, one request per 400 ms for 2 s: 5 turns each, the first at a random offset.
    KeepAliveLoad.Result r = new KeepAliveLoad(start(), "tok").run(10, 2, 400);
    assertThat(r.errors()).isZero();
    assertThat(perConnection).hasSize(10);
    assertThat(perConnection.values()).allSatisfy(n -> assertThat(n.get()).isBetween(4, 6));
    assertThat(r.latencyNanos().length).isEqualTo(requests.get());
  }

  @Test
  void responsesOtherThan200AreErrorsNotLatencies() throws IOException {
    status = 503;
    KeepAliveLoad.Result r = new KeepAliveLoad(start(), "tok").run(5, 1, 100);
    assertThat(r.latencyNanos()).isEmpty();
    assertThat(r.errors()).isPositive().isEqualTo(requests.get());
    assertThat(r.percentileMillis(0.99)).isNaN();
  }

  @Test
  void clientsThatCannotConnectAreCountedAsRefused() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    KeepAliveLoad.Result r =
        new KeepAliveLoad(URI.create("http://127.0.0.1:" + closedPort + "/x/"), "tok").run(3, 1, 0);
    assertThat(r.connectFailures()).isEqualTo(3);
    assertThat(r.latencyNanos()).isEmpty();
    assertThat(KeepAliveLoad.describe(r, 3, 0)).contains("3 connections refused");
  }

  @Test
  void onlyPlainHttpAndSensibleArgumentsAreAccepted() {
    assertThatThrownBy(() -> new KeepAliveLoad(URI.create("https://127.0.0.1/x/"), "tok"))
        .hasMessageContaining("http:// URLs only");
    assertThatThrownBy(
            () -> new KeepAliveLoad(URI.create("http://127.0.0.1:1/x/"), "tok").run(0, 1, 0))
        .hasMessageContaining("clients and seconds must be >= 1");
  }
}
