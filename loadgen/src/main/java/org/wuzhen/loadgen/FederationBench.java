package org.wuzhen.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.Peer;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.TaxiiConfig;
import org.wuzhen.taxii.Tokens;
import org.wuzhen.taxii.client.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen-loadgen federation}: three nodes in this process on loopback (own SQLite stores in
 * a temporary directory, real TAXII servers), B pulling A and C pulling B. Measures sync throughput
 * A to B and propagation lag A to C through B with the scheduler's default settings.
 */
@Command(
    name = "federation",
    mixinStandardHelpOptions = true,
    description = {
      "Start three nodes on loopback (A -> B -> C), measure pull throughput A -> B and",
      "propagation lag A -> C (publish on A, visible in C's store behind its TAXII API)."
    })
final class FederationBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--objects",
      paramLabel = "N",
      description = "Objects for the throughput run (default: 20000).")
  int objects = 20_000;

  @Option(
      names = "--samples",
      paramLabel = "N",
      description = "Publishes for the lag run (default: 100).")
  int samples = 100;

  @Option(
      names = "--interval-ms",
      paramLabel = "MS",
      description = "Poll interval of B and C (default: 500, the default of a peer).")
  long intervalMs = Peer.DEFAULT_INTERVAL.toMillis();

  /** One node of the bench. */
  private record Node(
      String name,
      Store store,
      Federation federation,
      org.wuzhen.taxii.Node server,
      CollectionId shared,
      String identity) {
    String apiRoot() {
      return server.baseUri() + "bench/";
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("wuzhen-federation-bench");
    List<Node> nodes = new ArrayList<>();
    try {
      Node a = node(dir, "a", "{\"peers\":{\"b\":{\"relation\":\"member\"}}}");
      Node b =
          node(dir, "b", "{\"peers\":{\"c\":{\"relation\":\"member\",\"onward_sharing\":true}}}");
      Node c = node(dir, "c", "{}");
      nodes.addAll(List.of(a, b, c));
      peer(b, a);
      peer(c, b);

      List<StixObject> batch = new ArrayList<>();
      for (int i = 0; i < objects; i++) {
        batch.add(indicator(a.identity(), i));
        if (batch.size() == 1000 || i == objects - 1) {
          a.store().add(a.shared(), batch);
          batch.clear();
        }
      }
      long start = System.nanoTime();
      b.federation().syncOnce();
      double seconds = (System.nanoTime() - start) / 1e9;
      long pulled = b.federation().status().getFirst().added();
      out.printf(
          "sync throughput A -> B: %d objects in %.2f s = %.0f objects/s (pages of 1000)%n",
          pulled, seconds, pulled / seconds);
      start = System.nanoTime();
      c.federation().syncOnce();
      seconds = (System.nanoTime() - start) / 1e9;
      pulled = c.federation().status().getFirst().added();
      out.printf(
          "sync throughput B -> C (onward, through B's filter): %d objects in %.2f s = %.0f objects/s%n",
          pulled, seconds, pulled / seconds);

      b.federation().start();
      c.federation().start();
      List<Long> lags = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        StixObject o = indicator(a.identity(), objects + i);
        long published = System.nanoTime();
        a.store().add(a.shared(), List.of(o));
        while (!holds(c, o.id().toString())) {
          if (System.nanoTime() - published > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException("object " + o.id() + " did not reach C within 30 s");
          }
          Thread.sleep(2);
        }
        lags.add((System.nanoTime() - published) / 1_000_000);
        // Publish at a random phase of the poll cycles, as independent publishers would; right
        // after a detection the cycles of B and C would bias every sample the same way.
        Thread.sleep((long) (Math.random() * intervalMs * 1.5));
      }
      Collections.sort(lags);
      out.printf(
          "propagation lag A -> B -> C, %d publishes, poll interval %d ms: p50 %d ms, p99 %d ms, max %d ms%n",
          samples,
          intervalMs,
          lags.get(lags.size() / 2),
          lags.get((int) Math.ceil(lags.size() * 0.99) - 1),
          lags.getLast());
      out.flush();
      return ExitCodes.OK;
    } finally {
      // Stop every pull before any server, so no node polls a peer that is already gone.
      nodes.forEach(n -> n.federation().close());
      nodes.forEach(n -> n.server().close());
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println("wuzhen-loadgen federation: could not remove " + dir + ": " + e.getMessage());
      }
    }
  }

  private static boolean holds(Node n, String id) {
    ObjectQuery q = ObjectQuery.latestOf(id, false);
    return !n.store().query(n.shared(), q).objects().isEmpty();
  }

  private Node node(Path dir, String name, String policy) {
    Store store = Stores.open(new StoreConfig.Sqlite(dir.resolve(name)));
    String identity = "identity--" + UUID.randomUUID();
    store.addMember(new Member("m-" + name, identity));
    CollectionId shared = CollectionId.random();
    store.createCollection(
        new CollectionInfo(shared, "shared", Optional.empty(), Optional.empty(), List.of()));
    Federation federation =
        Federation.create(
            store, ExportPolicy.parse(Json.parse(policy), "export_policy"), List.of());
    TaxiiConfig config =
        TaxiiConfig.of(
                new TaxiiConfig.Discovery("bench " + name, Optional.empty(), Optional.empty()),
                List.of(TaxiiConfig.ApiRoot.of("bench", "Bench")),
                signingKey())
            .withAddress("127.0.0.1", 0)
            .withPageSizes(1000, 1000);
    // Federation polls from start() on, which the bench calls once it measures lag.
    org.wuzhen.taxii.Node server =
        org.wuzhen.taxii.Node.builder(config, store).withoutStarting(federation).start();
    return new Node(name, store, federation, server, shared, identity);
  }

  /**
   * A fresh key for the server's {@code next} tokens and status ids: the stores are temporary, so
   * nothing signed has to outlive the run.
   */
  private static byte[] signingKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** {@code reader} pulls {@code source}'s collection, logging in with a bearer token. */
  private void peer(Node reader, Node source) {
    String member = "peer-" + reader.name();
    String user = reader.name() + "-at-" + source.name();
    source.store().addMember(new Member(member, "identity--" + UUID.randomUUID()));
    source.store().addUser(new User(user, member, "unused-no-password-login", false));
    String token = Tokens.generate();
    source
        .store()
        .addToken(new ApiToken("t-" + user, user, Tokens.hash(token), Instant.now(), false));
    Duration interval = Duration.ofMillis(intervalMs);
    source
        .federation()
        .addPeer(
            new Peer(
                reader.name(),
                java.net.URI.create(reader.apiRoot()),
                Credentials.none(),
                Map.of(),
                Set.of(source.shared()),
                Optional.of(member),
                Optional.empty(),
                1000,
                interval));
    reader
        .federation()
        .addPeer(
            new Peer(
                source.name(),
                java.net.URI.create(source.apiRoot()),
                Credentials.bearer(token),
                Map.of(source.shared().toString(), reader.shared()),
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                1000,
                interval));
  }

  private static StixObject indicator(String createdBy, int i) {
    return StixObject.parse(
        """
        {"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2024-01-01T00:00:00.000Z",\
        "modified":"2024-01-01T00:00:00.000Z","name":"bench %d","pattern":"[ipv4-addr:value = '10.%d.%d.%d']",\
        "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","created_by_ref":"%s",\
        "object_marking_refs":["%s"]}"""
            .formatted(
                UUID.randomUUID(),
                i,
                (i >> 16) & 255,
                (i >> 8) & 255,
                i & 255,
                createdBy,
                Tlp.GREEN.markingId()));
  }
}
