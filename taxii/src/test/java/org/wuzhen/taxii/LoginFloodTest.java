package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.TestNode;

/**
 * Wrong passwords flooded from many connections at a real node on loopback (docs/taxii.md, "Login
 * limits"): token users and logins already verified keep being served, the flood meets 429s, and a
 * valid password login from another address still works.
 */
class LoginFloodTest {
  private static final int FLOODERS = 48;

  /** The defaults, but regaining one failure a minute, so the budgets barely refill meanwhile. */
  private static final LoginLimits LIMITS =
      new LoginLimits(2, Duration.ofMillis(500), 20, 1, 10, 1);

  @TempDir Path dir;

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(HttpClient client, URI uri, String authorization)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Accept", "application/taxii+json;version=2.1")
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aWrongPasswordFloodMeets429sWhileTokensAndOtherLoginsAreServed() throws Exception {
    try (TestNode node =
        TestNode.sqlite(dir).config(TestNode.config("flooded").withLogin(LIMITS)).start()) {
      node.member("acme");
      node.user("alice", "acme").user("victim", "acme").user("carol", "acme");
      String token = node.token("alice");
      URI apiRoot = node.apiRoot();
      HttpClient local = HttpClient.newHttpClient();
      // Carol logged in before the flood: her login is cached and needs no verification.
      assertThat(get(local, apiRoot, basic("carol", TestNode.PASSWORD)).statusCode())
          .isEqualTo(200);

      AtomicBoolean flooding = new AtomicBoolean(true);
      Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
      List<String> retryAfter = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<?>> flood = new ArrayList<>();
      for (int i = 0; i < FLOODERS; i++) {
        int n = i;
        flood.add(
            pool.submit(
                () -> {
                  // One client, so one connection, per flooder.
                  HttpClient own = HttpClient.newHttpClient();
                  int sent = 0;
                  while (flooding.get() || sent < 5) {
                    String user = n % 2 == 0 ? "victim" : "nobody-" + n;
                    HttpResponse<String> r = get(own, apiRoot, basic(user, "wrong-" + sent++));
                    floodStatuses
                        .computeIfAbsent(r.statusCode(), s -> new AtomicInteger())
                        .incrementAndGet();
                    r.headers().firstValue("Retry-After").ifPresent(retryAfter::add);
                  }
                  return null;
                }));
      }
      // Wait until the flood is refused, then keep it going while the others are served.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (floodStatuses.getOrDefault(429, new AtomicInteger()).get() < 50
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      int tokenRequests = 200;
      List<Integer> tokenStatuses = new ArrayList<>();
      for (int i = 0; i < tokenRequests; i++) {
        tokenStatuses.add(get(local, apiRoot, "Bearer " + token).statusCode());
      }
      int cachedLogin = get(local, apiRoot, basic("carol", TestNode.PASSWORD)).statusCode();
      // Alice's first password login, from another loopback address than the flood's.
      HttpClient elsewhere =
          HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
      int otherAddress = get(elsewhere, apiRoot, basic("alice", TestNode.PASSWORD)).statusCode();
      flooding.set(false);
      for (Future<?> f : flood) {
        f.get();
      }
      pool.close();

      assertThat(tokenStatuses).hasSize(tokenRequests).containsOnly(200);
      assertThat(cachedLogin).isEqualTo(200);
      assertThat(otherAddress).isEqualTo(200);
      assertThat(floodStatuses.keySet()).isSubsetOf(401, 429, 503);
      assertThat(floodStatuses.get(429).get()).isGreaterThanOrEqualTo(50);
      // Only about the budget's worth of wrong passwords from the flood's address was checked
      // (it regains one a minute while the test runs).
      assertThat(floodStatuses.get(401).get()).isLessThanOrEqualTo(LIMITS.addressFailures() + 5);
      assertThat(retryAfter).allSatisfy(s -> assertThat(Long.parseLong(s)).isPositive());
    }
  }
}
