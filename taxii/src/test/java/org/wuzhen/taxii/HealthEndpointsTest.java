package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.testing.TestNode;

/**
 * {@code /healthz} and {@code /readyz} over loopback: unauthenticated, a status word only, and
 * readiness following the store and the parts' checks.
 */
class HealthEndpointsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path dir;

  @Test
  void aServingNodeIsHealthyAndReadyWithoutCredentials() throws Exception {
    try (TestNode node = TestNode.sqlite(dir).start()) {
      for (String path : new String[] {"healthz", "readyz", "healthz/", "readyz/"}) {
        HttpResponse<String> r = get(node, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
      }
      assertThat(send(node, "readyz", "POST").statusCode()).isEqualTo(405);
      assertThat(send(node, "readyz", "HEAD").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFailingCheckMakesTheNodeUnreadyAndTheCallerLearnsNoReason() throws Exception {
    AtomicReference<Optional<String>> problem =
        new AtomicReference<>(Optional.of("secret detail: key file /etc/wuzhen/key missing"));
    try (TestNode node =
        TestNode.sqlite(dir)
            .with(store -> server -> server.readinessCheck("test part", problem::get))
            .start()) {
      HttpResponse<String> r = get(node, "readyz");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("unavailable\n");
      assertThat(get(node, "healthz").statusCode()).isEqualTo(200);

      problem.set(Optional.empty());
      awaitStatus(node, "readyz", 200);
    }
  }

  @Test
  void readinessFollowsThePostgresServerGoingAwayAndComingBack() throws Exception {
    try (PostgresServer postgres = PostgresServer.start()) {
      StoreConfig.Postgres database = postgres.createDatabase();
      try (TestNode node = TestNode.on(() -> Stores.open(database)).start()) {
        assertThat(get(node, "readyz").statusCode()).isEqualTo(200);

        postgres.stop();
        awaitStatus(node, "readyz", 503);
        assertThat(get(node, "healthz").statusCode()).isEqualTo(200);

        postgres.resume();
        awaitStatus(node, "readyz", 200);
      }
    }
  }

  private static void awaitStatus(TestNode node, String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int last;
    do {
      last = get(node, path).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(last).as(path + " within 60 s").isEqualTo(status);
  }

  private static HttpResponse<String> get(TestNode node, String path) throws Exception {
    return send(node, path, "GET");
  }

  private static HttpResponse<String> send(TestNode node, String path, String method)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.uri() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
