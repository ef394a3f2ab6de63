package org.wuzhen.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen-loadgen taxii}: drives a running node's TAXII API over the network (ingest, paging,
 * latency under many keep-alive clients).
 */
@Command(
    name = "taxii",
    mixinStandardHelpOptions = true,
    description = {
      "Drive a running node's TAXII API: POST ingest (envelopes of --envelope objects), GET",
      "paging, and request latency p50/p99 at each --clients level of concurrent keep-alive",
      "clients. Prints one line per measurement."
    })
final class TaxiiBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      required = true,
      paramLabel = "URL",
      description = "API root URL, e.g. http://127.0.0.1:9443/community/")
  String root;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Bearer token (or use --credentials).")
  Optional<String> token;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "demo-credentials.json: the first user's token is used.")
  Optional<Path> credentials;

  @Option(
      names = "--collection",
      paramLabel = "ID",
      description = "Collection to write and read (default: the one with alias 'shared').")
  Optional<String> collection;

  @Option(
      names = "--envelope",
      defaultValue = "1000",
      description = "Objects per POST (default: ${DEFAULT-VALUE}).")
  int envelope;

  @Option(
      names = "--posts",
      defaultValue = "100",
      description = "Envelopes to POST (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(
      names = "--warmup-posts",
      defaultValue = "10",
      description = "Envelopes POSTed before the ingest clock starts (default: ${DEFAULT-VALUE}).")
  int warmupPosts;

  @Option(
      names = "--writers",
      defaultValue = "2",
      description = "Concurrent POST clients (default: ${DEFAULT-VALUE}).")
  int writers;

  @Option(
      names = "--pages",
      defaultValue = "200",
      description = "Pages of 1000 to GET (default: ${DEFAULT-VALUE}).")
  int pages;

  @Option(
      names = "--clients",
      split = ",",
      defaultValue = "100,1000,10000",
      description = "Concurrency levels for the latency test (default: ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Duration of each latency level (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--interval-ms",
      defaultValue = "0",
      description = {
        "Each latency client sends one request per interval (paced, like a polling TAXII client);",
        "0 sends back-to-back (closed loop: latency = clients / throughput). Default: ${DEFAULT-VALUE}."
      })
  long intervalMs;

  @Option(
      names = "--names",
      description = {
        "Give each indicator a name (\"loadgen indicator N alpha|beta\"), so that it is in the",
        "full-text index (for the console's search at scale)."
      })
  boolean names;

  @Option(
      names = "--readers",
      defaultValue = "4",
      description = "Concurrent paging clients (default: ${DEFAULT-VALUE}).")
  int readers;

  /** The first option out of range, as a message naming it; empty when all are usable. */
  Optional<String> badOption() {
    record Bound(String name, long value, long min) {}
    List<Bound> bounds =
        new ArrayList<>(
            List.of(
                new Bound("--envelope", envelope, 1),
                new Bound("--posts", posts, 0),
                new Bound("--warmup-posts", warmupPosts, 0),
                new Bound("--writers", writers, 1),
                new Bound("--pages", pages, 0),
                new Bound("--readers", readers, 1),
                new Bound("--seconds", seconds, 1),
                new Bound("--interval-ms", intervalMs, 0)));
    for (int level : clients) {
      bounds.add(new Bound("--clients", level, 1));
    }
    return bounds.stream()
        .filter(b -> b.value() < b.min())
        .findFirst()
        .map(b -> b.name() + " must be at least " + b.min() + ", got " + b.value());
  }

  @Override
  public Integer call() throws Exception {
    Optional<String> bad = badOption();
    if (bad.isPresent()) {
      spec.commandLine().getErr().println("wuzhen-loadgen taxii: " + bad.get());
      return ExitCodes.INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    String bearer = token.orElse(null);
    if (bearer == null && credentials.isPresent()) {
      JsonArray list = (JsonArray) Json.parse(Files.readAllBytes(credentials.get()));
      bearer = ((JsonObject) list.get(0)).string("token").orElseThrow();
    }
    if (bearer == null) {
      spec.commandLine().getErr().println("wuzhen-loadgen taxii: give --token or --credentials");
      return ExitCodes.UNREADABLE;
    }
    String base = root.endsWith("/") ? root : root + "/";
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    Client client = new Client(http, bearer);
    String collectionId = collection.orElseGet(() -> client.sharedCollection(base));
    String objects = base + "collections/" + collectionId + "/objects/";

    // 1. Ingest. Envelopes (each of new ids) are built before the clock starts, so the
    // generator's own JSON work does not compete with the node for the cores; a few untimed
    // envelopes first let the node's JIT see the path.
    List<byte[]> bodies = new ArrayList<>(warmupPosts + posts);
    for (int i = 0; i < warmupPosts + posts; i++) {
      bodies.add(envelope(envelope, names).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    for (int i = 0; i < warmupPosts; i++) {
      client.post(objects, bodies.get(i));
    }
    AtomicLong stored = new AtomicLong();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      AtomicLong next = new AtomicLong(warmupPosts);
      for (int w = 0; w < writers; w++) {
        done.add(
            pool.submit(
                () -> {
                  for (long i = next.getAndIncrement();
                      i < bodies.size();
                      i = next.getAndIncrement()) {
                    stored.addAndGet(client.post(objects, bodies.get((int) i)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "ingest: %d objects in %d envelopes of %d, %.1f s, %.0f objects/s%n",
        stored.get(), posts, envelope, ingestSeconds, stored.get() / ingestSeconds);
    out.flush();

    // 2. Paging: each reader walks the collection from its first page, wrapping around.
    start = System.nanoTime();
    AtomicLong read = new AtomicLong();
    AtomicLong pagesLeft = new AtomicLong(pages);
    try (ExecutorService pool = Executors.newFixedThreadPool(readers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        done.add(
            pool.submit(
                () -> {
                  String next = null;
                  try (PageReader pageReader =
                      new PageReader(URI.create(objects), client.bearer())) {
                    while (pagesLeft.getAndDecrement() > 0) {
                      PageSummary page =
                          PageSummary.of(
                              pageReader.get(
                                  URI.create(
                                      objects
                                          + "?limit=1000"
                                          + (next == null ? "" : "&next=" + next))));
                      read.addAndGet(page.objects());
                      next = page.next().orElse(null);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    double pagingSeconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "paging: %d objects in %d pages of up to 1000 by %d readers, %.1f s, %.0f objects/s (the client counts each page's objects without building them)%n",
        read.get(), pages, readers, pagingSeconds, read.get() / pagingSeconds);
    out.flush();

    // 3. Latency under concurrent keep-alive clients.
    for (int level : clients) {
      try {
        latency(out, bearer, objects + "?limit=10", level);
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println("wuzhen-loadgen taxii: latency @ " + level + " clients: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
    }
    return ExitCodes.OK;
  }

  private void latency(PrintWriter out, String bearer, String url, int level) throws IOException {
    KeepAliveLoad.Result r =
        new KeepAliveLoad(URI.create(url), bearer).run(level, seconds, intervalMs);
    out.println(KeepAliveLoad.describe(r, level, intervalMs));
    out.flush();
  }

  private static String envelope(int size, boolean names) {
    List<JsonValue> objects = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      UUID id = UUID.randomUUID();
      JsonObject.Builder named = JsonObject.builder();
      if (names) {
        named.put("name", "loadgen indicator " + i + (i % 2 == 0 ? " alpha" : " beta"));
      }
      objects.add(
          named
              .put("type", "indicator")
              .put("spec_version", "2.1")
              .put("id", "indicator--" + id)
              .put("created", "2024-01-01T00:00:00.000Z")
              .put("modified", "2024-01-01T00:00:00.000Z")
              .put(
                  "pattern",
                  "[ipv4-addr:value = '10."
                      + (i >> 16 & 255)
                      + "."
                      + (i >> 8 & 255)
                      + "."
                      + (i & 255)
                      + "']")
              .put("pattern_type", "stix")
              .put("valid_from", "2024-01-01T00:00:00Z")
              .build());
    }
    return Json.write(JsonObject.builder().put("objects", new JsonArray(objects)).build());
  }

  /** A small TAXII client for the benchmark. */
  record Client(HttpClient http, String bearer) {
    JsonObject get(String url) throws IOException, InterruptedException {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Accept", "application/taxii+json;version=2.1")
                  .header("Authorization", "Bearer " + bearer)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
      }
      return (JsonObject) Json.parse(r.body());
    }

    long post(String url, byte[] body) throws IOException, InterruptedException {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Accept", "application/taxii+json;version=2.1")
                  .header("Content-Type", "application/taxii+json;version=2.1")
                  .header("Authorization", "Bearer " + bearer)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
      }
      return ((JsonObject) Json.parse(r.body())).array("successes").map(JsonArray::size).orElse(0);
    }

    String sharedCollection(String base) {
      try {
        for (JsonValue c :
            get(base + "collections/").array("collections").orElse(JsonArray.EMPTY).elements()) {
          JsonObject o = (JsonObject) c;
          if (o.string("alias").orElse("").equals("shared")) {
            return o.string("id").orElseThrow();
          }
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(
            "cannot list collections at " + base + ": " + e.getMessage(), e);
      }
      throw new IllegalStateException(
          "no collection with alias 'shared' at " + base + ": give --collection");
    }
  }
}
