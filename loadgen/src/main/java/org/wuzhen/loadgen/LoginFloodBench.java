package org.wuzhen.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.Member;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.LoginLimits;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.TaxiiConfig;
import org.wuzhen.taxii.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen-loadgen login-flood}: a node in this process on loopback (SQLite in a temporary
 * directory, real Argon2id password hashes), a token user's requests timed alone, then under a
 * flood of wrong passwords from many connections, once with the login limits off (as before they
 * existed) and once with the default limits (docs/taxii.md, "Login limits").
 */
@Command(
    name = "login-flood",
    mixinStandardHelpOptions = true,
    description = {
      "Start a node on loopback and time a bearer-token user's requests (p50/p99): alone, under",
      "a flood of wrong Basic passwords with the login limits off, and with the default limits.",
      "Prints one line per phase."
    })
final class LoginFloodBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--flooders",
      defaultValue = "48",
      description = "Concurrent connections sending wrong passwords (default: ${DEFAULT-VALUE}).")
  int flooders;

  @Option(
      names = "--requests",
      defaultValue = "400",
      description = "Token requests timed per phase (default: ${DEFAULT-VALUE}).")
  int requests;

  /** Limits that bound nothing: the node as it was before login limits. */
  static final LoginLimits OFF =
      new LoginLimits(256, Duration.ofSeconds(30), 1_000_000, 1_000_000, 1_000_000, 1_000_000);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (flooders < 1 || requests < 1) {
      spec.commandLine()
          .getErr()
          .println("wuzhen-loadgen login-flood: --flooders and --requests must be positive");
      return ExitCodes.INVALID;
    }
    out.printf(
        "login-flood: %d flooders, %d token requests per phase, %d cores%n",
        flooders, requests, Runtime.getRuntime().availableProcessors());
    run(out, "limits off (before)", OFF);
    run(out, "default limits (after)", LoginLimits.DEFAULTS);
    out.flush();
    return ExitCodes.OK;
  }

  private void run(PrintWriter out, String label, LoginLimits limits) throws Exception {
    Path dir = Files.createTempDirectory("wuzhen-login-flood");
    Store store = Stores.open(new StoreConfig.Sqlite(dir));
    try (org.wuzhen.taxii.Node node = start(store, limits)) {
      store.addMember(new Member("bench", "identity--" + UUID.randomUUID()));
      PasswordHasher hasher = PasswordHasher.defaults();
      store.addUser(new User("victim", "bench", hasher.hash("the right password"), false));
      store.addUser(new User("reader", "bench", hasher.hash("unused"), false));
      String token = Tokens.generate();
      store.addToken(new ApiToken("t-reader", "reader", Tokens.hash(token), Instant.now(), false));
      URI root = URI.create(node.baseUri() + "bench/");
      HttpClient client = HttpClient.newHttpClient();

      time(client, root, token, requests / 4); // warm-up
      List<Long> alone = time(client, root, token, requests);
      out.printf("%-24s alone:       %s%n", label, summary(alone));

      AtomicBoolean flooding = new AtomicBoolean(true);
      Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
      List<Future<?>> flood = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < flooders; i++) {
          int n = i;
          flood.add(
              pool.submit(
                  () -> {
                    HttpClient own = HttpClient.newHttpClient();
                    long sent = 0;
                    while (flooding.get()) {
                      String user = n % 2 == 0 ? "victim" : "nobody-" + n;
                      int status = send(own, root, basic(user, "wrong-" + sent++)).statusCode();
                      statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                  }));
        }
        Thread.sleep(1000); // let the flood reach its steady state
        List<Long> flooded = time(client, root, token, requests);
        flooding.set(false);
        for (Future<?> f : flood) {
          f.get();
        }
        out.printf(
            "%-24s under flood: %s; flood answers %s%n",
            label, summary(flooded), new TreeMap<>(statuses));
      }
    } finally {
      // The node closed the store.
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println("wuzhen-loadgen login-flood: could not remove " + dir + ": " + e.getMessage());
      }
    }
  }

  private static org.wuzhen.taxii.Node start(Store store, LoginLimits limits) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    TaxiiConfig config =
        TaxiiConfig.of(
                new TaxiiConfig.Discovery("login flood", Optional.empty(), Optional.empty()),
                List.of(TaxiiConfig.ApiRoot.of("bench", "Bench")),
                key)
            .withAddress("127.0.0.1", 0)
            .withLogin(limits);
    return org.wuzhen.taxii.Node.builder(config, store).start();
  }

  /** Latencies in microseconds of {@code n} sequential token requests; each must be 200. */
  private static List<Long> time(HttpClient client, URI root, String token, int n)
      throws Exception {
    List<Long> micros = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      int status = send(client, root, "Bearer " + token).statusCode();
      micros.add((System.nanoTime() - start) / 1000);
      if (status != 200) {
        throw new IllegalStateException("a token request was answered " + status);
      }
    }
    return micros;
  }

  private static HttpResponse<Void> send(HttpClient client, URI uri, String authorization)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Accept", "application/taxii+json;version=2.1")
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String summary(List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    return String.format(
        "p50 %.1f ms, p99 %.1f ms (%d requests)",
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0,
        sorted.size());
  }
}
