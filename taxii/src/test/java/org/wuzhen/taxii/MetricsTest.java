package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Principal;
import org.wuzhen.taxii.testing.PrometheusText;
import org.wuzhen.taxii.testing.TestNode;

/**
 * {@code /metrics} of a real node, parsed by a strict parser of the Prometheus text format: only
 * administrators read it on the main port, anyone on loopback on the metrics port, and the counters
 * move with requests, ingests and failed logins.
 */
class MetricsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @TempDir Path dir;

  @Test
  void countersMoveWithRequestsIngestsAndFailedLogins() throws Exception {
    try (TestNode node = TestNode.sqlite(dir).start()) {
      node.member("acme");
      node.admin("root", "acme").user("alice", "acme");
      CollectionId c = node.collection("shared", Principal.member("acme"));
      PrometheusText.Scrape before = scrape(node);

      for (int i = 0; i < 3; i++) {
        assertThat(send(node, "GET", "taxii2/", basic("alice"), null).statusCode()).isEqualTo(200);
      }
      assertThat(send(node, "GET", "taxii2/", basic("alice", "wrong"), null).statusCode())
          .isEqualTo(401);
      String valid = indicator("[ipv4-addr:value = '198.51.100.1']");
      String invalid = indicator("[ipv4-addr:value = ");
      HttpResponse<String> post =
          send(
              node,
              "POST",
              "api1/collections/" + c + "/objects/",
              basic("alice"),
              "{\"objects\":[" + valid + "," + invalid + "]}");
      assertThat(post.statusCode()).isEqualTo(202);

      PrometheusText.Scrape after = scrape(node);
      assertThat(after.types())
          .containsEntry("wuzhen_http_requests_total", "counter")
          .containsEntry("wuzhen_http_request_duration_seconds", "histogram")
          .containsEntry("wuzhen_objects_ingested_total", "counter")
          .containsEntry("wuzhen_objects_refused_total", "counter")
          .containsEntry("wuzhen_login_failures_total", "counter")
          .containsKey("jvm_memory_used_bytes");
      // The node's store holds connections open: the pool's gauges show them, by pool name.
      String[] pool = {"pool", "wuzhen-sqlite"};
      assertThat(
              after.valueOrZero("wuzhen_store_pool_active_connections", pool)
                  + after.valueOrZero("wuzhen_store_pool_idle_connections", pool))
          .isPositive();
      assertThat(after.types())
          .containsEntry("wuzhen_store_pool_active_connections", "gauge")
          .containsEntry("wuzhen_store_pool_idle_connections", "gauge")
          .containsEntry("wuzhen_store_pool_pending_threads", "gauge");
      String[] discovery = {"route", "/taxii2/", "method", "GET", "status", "200"};
      assertThat(
              after.valueOrZero("wuzhen_http_requests_total", discovery)
                  - before.valueOrZero("wuzhen_http_requests_total", discovery))
          .isEqualTo(3);
      assertThat(
              after.valueOrZero(
                      "wuzhen_http_request_duration_seconds_count",
                      "route",
                      "/taxii2/",
                      "method",
                      "GET")
                  - before.valueOrZero(
                      "wuzhen_http_request_duration_seconds_count",
                      "route",
                      "/taxii2/",
                      "method",
                      "GET"))
          .isEqualTo(4);
      assertThat(
              after.valueOrZero(
                  "wuzhen_http_requests_total",
                  "route",
                  "/{root}/collections/{collection}/objects/",
                  "method",
                  "POST",
                  "status",
                  "202"))
          .isEqualTo(1);
      assertThat(after.valueOrZero("wuzhen_objects_ingested_total")).isEqualTo(1);
      assertThat(after.valueOrZero("wuzhen_objects_refused_total", "reason", "invalid"))
          .isEqualTo(1);
      assertThat(
              after.valueOrZero("wuzhen_login_failures_total")
                  - before.valueOrZero("wuzhen_login_failures_total"))
          .isEqualTo(1);
    }
  }

  @Test
  void loginsRefusedByTheLimitsAreCountedByReason() throws Exception {
    // One verification at a time and no waiting for it; three failures per address, two per user.
    LoginLimits limits = new LoginLimits(1, Duration.ZERO, 3, 1, 2, 1);
    try (TestNode node =
        TestNode.sqlite(dir).config(TestNode.config("limited").withLogin(limits)).start()) {
      node.member("acme");
      node.admin("root", "acme").user("victim", "acme");
      PrometheusText.Scrape before = scrape(node);
      assertThat(before.types()).containsEntry("wuzhen_login_throttled_total", "counter");

      HttpClient first = from("127.0.0.2");
      assertThat(get(node, first, basic("victim", "wrong-1"))).isEqualTo(401);
      assertThat(get(node, first, basic("victim", "wrong-2"))).isEqualTo(401);
      assertThat(get(node, first, basic("victim", "wrong-3"))).isEqualTo(429);

      HttpClient second = from("127.0.0.3");
      for (int i = 0; i < 3; i++) {
        assertThat(get(node, second, basic("nobody-" + i, "wrong"))).isEqualTo(401);
      }
      assertThat(get(node, second, basic("nobody-3", "wrong"))).isEqualTo(429);

      // Wrong passwords at once from fresh addresses and users: with one slot and no waiting,
      // some find it taken (503). Rounds until one does, each from addresses not used before.
      AtomicInteger busy = new AtomicInteger();
      int address = 10;
      for (int round = 0; round < 10 && busy.get() == 0; round++) {
        List<Future<Integer>> logins = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < 12; i++) {
            HttpClient client = from("127.0.0." + address++);
            String user = "busy-" + round + "-" + i;
            logins.add(pool.submit(() -> get(node, client, basic(user, "wrong"))));
          }
        }
        for (Future<Integer> login : logins) {
          assertThat(login.get()).isIn(401, 503);
          if (login.get() == 503) {
            busy.incrementAndGet();
          }
        }
      }
      assertThat(busy.get()).as("logins that found no free verification slot").isPositive();

      PrometheusText.Scrape after = scrape(node);
      for (String reason : List.of("address", "account", "busy")) {
        assertThat(before.valueOrZero("wuzhen_login_throttled_total", "reason", reason)).isZero();
      }
      assertThat(after.valueOrZero("wuzhen_login_throttled_total", "reason", "account"))
          .isEqualTo(1);
      assertThat(after.valueOrZero("wuzhen_login_throttled_total", "reason", "address"))
          .isEqualTo(1);
      assertThat(after.valueOrZero("wuzhen_login_throttled_total", "reason", "busy"))
          .isEqualTo(busy.get());
    }
  }

  private static HttpClient from(String address) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .localAddress(InetAddress.getByName(address))
        .build();
  }

  private static int get(TestNode node, HttpClient client, String authorization) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(node.uri() + "taxii2/"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/taxii+json;version=2.1")
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void onlyAdministratorsReadTheMetricsOnTheMainPort() throws Exception {
    try (TestNode node = TestNode.sqlite(dir).start()) {
      node.member("acme");
      node.user("alice", "acme");
      assertThat(send(node, "GET", "metrics", null, null).statusCode()).isEqualTo(401);
      assertThat(send(node, "GET", "metrics", basic("alice"), null).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void theMetricsPortServesLoopbackWithoutCredentials() throws Exception {
    try (TestNode node = TestNode.sqlite(dir).with(store -> new MetricsPort(0)).start()) {
      int port = node.part(MetricsPort.class).port();
      HttpResponse<String> r =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(PrometheusText.parse(r.body()).types()).containsKey("jvm_threads_current");
      HttpResponse<String> other =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/taxii2/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theParserRefusesWhatIsNotTheTextFormat() {
    assertThatThrownBy(() -> PrometheusText.parse("x 1\n"))
        .hasMessageContaining("no TYPE declared");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx{a=\"b} 1\n"))
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(
            () ->
                PrometheusText.parse(
                    "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                        + "h_count 1\n"))
        .hasMessageContaining("buckets decrease");
  }

  private static PrometheusText.Scrape scrape(TestNode node) throws Exception {
    HttpResponse<String> r = send(node, "GET", "metrics", basic("root"), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  private static String indicator(String pattern) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
        + UUID.randomUUID()
        + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\","
        + "\"pattern\":\""
        + pattern.replace("'", "'")
        + "\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\"}";
  }

  private static String basic(String user) {
    return basic(user, TestNode.PASSWORD);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(
      TestNode node, String method, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(node.uri() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/taxii+json;version=2.1")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/taxii+json;version=2.1");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
