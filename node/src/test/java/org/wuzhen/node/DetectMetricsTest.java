package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.Principal;
import org.wuzhen.taxii.testing.PrometheusText;
import org.wuzhen.taxii.testing.TestNode;

/**
 * {@code wuzhen detect --follow --metrics-port 0} as a separate process over real Zeek DNS lines,
 * its indicators followed in a TAXII collection: each scrape, parsed strictly, shows the counters
 * equal to an independent count of the lines read so far, and an indicator added to the collection
 * shows as an engine swap. Waits are for conditions, never for a time.
 */
class DetectMetricsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern SERVED =
      Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)");
  private static final String FIRST = "ise.wrccdc.org";
  private static final String SECOND = "arena1.wrccdc.cpp.edu";

  @TempDir Path dir;

  private static List<String> dnsLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    Files.newInputStream(DetectCommandTest.ZEEK.resolve("dns.json.gz"))),
                StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null && lines.size() < 400; line = r.readLine()) {
        lines.add(line + "\n");
      }
    }
    return lines;
  }

  /** Whether a DNS line names the domain as its query or one of its answers. */
  private static boolean names(String line, String domain) {
    JsonObject o = (JsonObject) Json.parse(line);
    if (o.string("query").filter(domain::equals).isPresent()) {
      return true;
    }
    return o.get("answers").orElse(null) instanceof JsonArray a
        && a.elements().contains(new JsonString(domain));
  }

  /** The (domain, UTC day) buckets the lines make sightings of with {@code --bucket 1d}. */
  private static void buckets(List<String> lines, String domain, Set<String> into) {
    for (String line : lines) {
      if (names(line, domain)) {
        into.add(
            domain
                + " "
                + ((JsonObject) Json.parse(line)).string("ts").orElseThrow().substring(0, 10));
      }
    }
  }

  private static long count(List<String> lines, String domain) {
    return lines.stream().filter(l -> names(l, domain)).count();
  }

  private static PrometheusText.Scrape scrape(String url) throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  private static PrometheusText.Scrape await(
      String url, Process p, String what, Predicate<PrometheusText.Scrape> until) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (true) {
      assertThat(p.isAlive()).as("detect is still running").isTrue();
      PrometheusText.Scrape s = scrape(url);
      if (until.test(s)) {
        return s;
      }
      assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static String awaitUrl(Path output, Process p) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (true) {
      String text = Files.exists(output) ? Files.readString(output) : "";
      Matcher m = SERVED.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      assertThat(p.isAlive()).as(text).isTrue();
      assertThat(Instant.now()).as("waiting for the metrics line in %s", text).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static List<StixObject> indicators(Path bundle) throws IOException {
    List<StixObject> out = new ArrayList<>();
    for (JsonValue v :
        ((JsonObject) Json.parse(Files.readAllBytes(bundle)))
            .array("objects")
            .orElseThrow()
            .elements()) {
      out.add(StixObject.from((JsonObject) v));
    }
    return out;
  }

  @Test
  void countersFollowALiveRunOverRealZeekLinesAndAnAddedIndicatorSwapsTheEngine() throws Exception {
    List<String> lines = dnsLines();
    List<String> before = lines.subList(0, 200);
    List<String> after = lines.subList(200, 400);
    Path first = Feeds.indicators(Files.createDirectories(dir.resolve("first")), FIRST);
    Path second = Feeds.indicators(Files.createDirectories(dir.resolve("second")), SECOND);
    Path log = dir.resolve("dns.log");
    Files.writeString(log, String.join("", before));
    Path output = dir.resolve("detect.out");

    try (TestNode node = TestNode.sqlite(Files.createDirectories(dir.resolve("node"))).start()) {
      node.store().addMember(new Member("cert", "identity--8d6c5f2e-4b3a-4c1d-9e8f-7a6b5c4d3e2f"));
      node.user("analyst", "cert");
      String token = node.token("analyst");
      CollectionId shared = node.collection("Shared", Principal.member("cert"));
      node.store().add(shared, indicators(first));
      String collection = node.apiRoot() + "collections/" + shared + "/";

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(Main.class.getName());
      command.addAll(
          List.of(
              "detect",
              "--indicators",
              collection,
              "--token",
              token,
              "--format",
              "zeek",
              "--follow",
              "--flush",
              "1h",
              "--bucket",
              "1d",
              "--out",
              dir.resolve("sightings.json").toString(),
              "--metrics-port",
              "0",
              log.toString()));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      try {
        String url = awaitUrl(output, p);
        PrometheusText.Scrape s =
            await(url, p, "200 events", x -> x.valueOrZero("wuzhen_detect_events_total") == 200);
        Set<String> sightings = new HashSet<>();
        buckets(before, FIRST, sightings);
        assertThat(s.types()).containsEntry("wuzhen_detect_events_total", "counter");
        assertThat(s.types()).containsEntry("wuzhen_detect_indicators", "gauge");
        assertThat(s.value("wuzhen_detect_matches_total")).hasValue((double) count(before, FIRST));
        assertThat(s.value("wuzhen_detect_sightings_total")).hasValue((double) sightings.size());
        assertThat(s.value("wuzhen_detect_read_bytes_total")).hasValue((double) Files.size(log));
        assertThat(s.value("wuzhen_detect_indicators")).hasValue(1.0);
        assertThat(s.value("wuzhen_detect_engine_swaps_total")).hasValue(0.0);

        node.store().add(shared, indicators(second));
        s =
            await(
                url,
                p,
                "the engine swapped for the added indicator",
                x -> x.valueOrZero("wuzhen_detect_engine_swaps_total") == 1);
        assertThat(s.value("wuzhen_detect_indicators")).hasValue(2.0);

        Files.writeString(
            log, String.join("", after), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        s = await(url, p, "400 events", x -> x.valueOrZero("wuzhen_detect_events_total") == 400);
        buckets(after, FIRST, sightings);
        buckets(after, SECOND, sightings);
        assertThat(count(after, SECOND))
            .as("the appended lines name the added domain")
            .isPositive();
        assertThat(s.value("wuzhen_detect_matches_total"))
            .hasValue((double) (count(lines, FIRST) + count(after, SECOND)));
        assertThat(s.value("wuzhen_detect_sightings_total")).hasValue((double) sightings.size());
        assertThat(s.value("wuzhen_detect_read_bytes_total")).hasValue((double) Files.size(log));
        assertThat(s.types()).containsKey("jvm_memory_used_bytes");

        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(output)).isTrue();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void aMetricsPortOutsideTheRangeIsRefusedNamingTheOption() throws IOException {
    Path bundle = Feeds.indicators(dir, FIRST);
    Path log = Files.writeString(dir.resolve("dns.log"), dnsLines().get(0));
    CliRun run =
        CliRun.of(
            "detect",
            "--indicators",
            bundle.toString(),
            "--format",
            "zeek",
            "--metrics-port",
            "70000",
            log.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREADABLE);
    assertThat(run.err()).contains("--metrics-port").contains("70000").contains("0..65535");
  }
}
