package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.testing.TestNode;

/**
 * {@code wuzhen detect} end to end on the real Zeek logs shipped with the detect module's tests:
 * the sightings it reports are counted again here, independently, from the log lines.
 */
class DetectCommandTest {
  static final Path ZEEK = Path.of("../detect/src/test/resources/zeek/json");
  static final String SERVER = "10.47.3.200"; // a responder in ssl.json.gz
  static final String QUERY = "ise.wrccdc.org"; // a query in dns.json.gz
  static final String ABSENT = "198.51.100.250";

  @TempDir Path dir;

  private Path indicators(String... values) throws IOException {
    return Feeds.indicators(dir, values);
  }

  /** Lines of a Zeek JSON log whose field equals the value, counted per UTC day. */
  private static Map<String, Integer> perDay(Path log, String value, String... fields)
      throws IOException {
    Map<String, Integer> days = new TreeMap<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(log)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonObject o = (JsonObject) Json.parse(line);
        for (String f : fields) {
          JsonValue v = o.get(f).orElse(null);
          boolean holds =
              v instanceof org.wuzhen.stix.JsonString str
                  ? str.value().equals(value)
                  : v instanceof JsonArray a
                      && a.elements().contains(new org.wuzhen.stix.JsonString(value));
          if (holds) {
            days.merge(o.string("ts").orElseThrow().substring(0, 10), 1, Integer::sum);
            break;
          }
        }
      }
    }
    return days;
  }

  /** {@code wuzhen detect --indicators BUNDLE ARGS...}. */
  private static CliRun detect(Object indicators, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "detect";
    all[1] = "--indicators";
    all[2] = indicators.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.of(all);
  }

  private static int sum(Map<String, Integer> perDay) {
    return perDay.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static List<JsonObject> objects(String bundleText) {
    JsonObject bundle = (JsonObject) Json.parse(bundleText);
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue v : bundle.array("objects").orElseThrow().elements()) {
      out.add((JsonObject) v);
    }
    return out;
  }

  private static List<JsonObject> ofType(List<JsonObject> objects, String type) {
    return objects.stream().filter(o -> o.string("type").orElseThrow().equals(type)).toList();
  }

  private static String indicatorFor(Path bundle, String value) throws IOException {
    for (JsonObject o : objects(Files.readString(bundle))) {
      if (o.string("pattern").orElseThrow().contains("'" + value + "'")) {
        return o.string("id").orElseThrow();
      }
    }
    throw new AssertionError("no indicator for " + value);
  }

  @Test
  void sightingsCountExactlyTheEventsThatHoldTheIndicatorsValues() throws IOException {
    Path bundle = indicators(SERVER, QUERY, ABSENT);
    CliRun run =
        detect(
            bundle,
            "--format",
            "zeek-json",
            "--bucket",
            "1d",
            "--sample",
            "3",
            ZEEK.resolve("ssl.json.gz").toString(),
            ZEEK.resolve("dns.json.gz").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("3 indicators: 3 indexed").contains("0 bad lines");

    Map<String, Integer> server =
        perDay(ZEEK.resolve("ssl.json.gz"), SERVER, "id.orig_h", "id.resp_h");
    perDay(ZEEK.resolve("dns.json.gz"), SERVER, "id.orig_h", "id.resp_h")
        .forEach((d, n) -> server.merge(d, n, Integer::sum));
    // The name is asked for in dns (query), given in answers, and named in TLS (server_name).
    Map<String, Integer> query = perDay(ZEEK.resolve("dns.json.gz"), QUERY, "query", "answers");
    perDay(ZEEK.resolve("ssl.json.gz"), QUERY, "server_name")
        .forEach((d, n) -> query.merge(d, n, Integer::sum));
    assertThat(server).isNotEmpty();
    assertThat(query).isNotEmpty();

    List<JsonObject> out = objects(run.out());
    Map<String, Map<String, Integer>> reported = new HashMap<>();
    for (JsonObject s : ofType(out, "sighting")) {
      reported
          .computeIfAbsent(s.string("sighting_of_ref").orElseThrow(), k -> new TreeMap<>())
          .put(
              s.string("first_seen").orElseThrow().substring(0, 10),
              Integer.parseInt(Json.write(s.get("count").orElseThrow())));
      assertThat(s.array("observed_data_refs").orElseThrow().size()).isBetween(1, 3);
    }
    assertThat(reported.get(indicatorFor(bundle, SERVER))).isEqualTo(server);
    assertThat(reported.get(indicatorFor(bundle, QUERY))).isEqualTo(query);
    assertThat(reported).doesNotContainKey(indicatorFor(bundle, ABSENT));
    assertThat(ofType(out, "identity")).hasSize(1);
  }

  /** Each sighting's id, indicator, count and times: what two runs over the same input share. */
  private static List<String> sightingCounts(String bundleText) {
    return ofType(objects(bundleText), "sighting").stream()
        .map(
            o ->
                o.string("id").orElseThrow()
                    + " "
                    + o.string("sighting_of_ref").orElseThrow()
                    + " "
                    + o.get("count").orElseThrow()
                    + " "
                    + o.string("first_seen").orElseThrow()
                    + " "
                    + o.string("last_seen").orElseThrow())
        .sorted()
        .toList();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** The plan files of a cache (its source key files left out: recorded once a file settles). */
  private static List<Path> plans(Path dir) throws IOException {
    return files(dir).stream().filter(p -> p.toString().endsWith(".bin")).toList();
  }

  @Test
  void aPlanCacheIsReusedWhileTheIndicatorFileIsUnchanged() throws IOException {
    Path bundle = indicators(SERVER, QUERY);
    Path cache = dir.resolve("plans");
    String log = ZEEK.resolve("dns.json.gz").toString();
    String[] args = {"--format", "zeek-json", "--plan-cache", cache.toString(), log};
    CliRun first = detect(bundle, args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    List<String> sightings = sightingCounts(first.out());
    assertThat(sightings).isNotEmpty();
    List<Path> plans = plans(cache);
    assertThat(plans).singleElement().asString().endsWith(".bin");
    Object saved = Files.readAttributes(plans.getFirst(), BasicFileAttributes.class).fileKey();

    CliRun second = detect(bundle, args);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("2 indicators: 2 indexed").doesNotContain("plan cache");
    assertThat(sightingCounts(second.out())).isEqualTo(sightings);
    assertThat(plans(cache)).isEqualTo(plans);
    assertThat(Files.readAttributes(plans.getFirst(), BasicFileAttributes.class).fileKey())
        .as("read, not written again")
        .isEqualTo(saved);

    Files.write(plans.getFirst(), new byte[] {1, 2, 3});
    CliRun damaged = detect(bundle, args);
    assertThat(damaged.exitCode()).as(damaged.err()).isZero();
    assertThat(damaged.err()).contains("plan cache").contains("not used (only 3 bytes)");
    assertThat(sightingCounts(damaged.out())).isEqualTo(sightings);
    assertThat(Files.size(plans.getFirst())).as("saved again").isGreaterThan(3);

    Files.writeString(bundle, Files.readString(bundle).replace(QUERY, ABSENT));
    CliRun changed = detect(bundle, args);
    assertThat(changed.exitCode()).as(changed.err()).isZero();
    assertThat(plans(cache)).as("another file, another plan").hasSize(2);
    assertThat(sightingCounts(changed.out())).isNotEqualTo(sightings);

    String[] verifying = {
      "--format", "zeek-json", "--plan-cache", cache.toString(), "--verify-plan", log
    };
    CliRun verified = detect(bundle, verifying);
    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(verified.err()).doesNotContain("plan cache");
    assertThat(plans(cache)).as("the plan of the changed file, found").hasSize(2);
    CliRun alone = detect(bundle, "--format", "zeek-json", "--verify-plan", log);
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.err()).contains("--verify-plan: only with --plan-cache");

    CliRun collection = detect("http://127.0.0.1:9/taxii2/api/collections/c/", args);
    assertThat(collection.exitCode()).isEqualTo(2);
    assertThat(collection.err()).contains("--plan-cache: only for an --indicators file");
  }

  @Test
  void inputsReadAtOnceGiveTheSightingsOfASerialRun() throws IOException {
    Path bundle = indicators(SERVER, QUERY);
    String dns = ZEEK.resolve("dns.json.gz").toString();
    String ssl = ZEEK.resolve("ssl.json.gz").toString();
    CliRun serial = detect(bundle, "--format", "zeek-json", "--threads", "1", ssl, dns, ssl);
    CliRun parallel = detect(bundle, "--format", "zeek-json", "--threads", "3", ssl, dns, ssl);
    assertThat(serial.exitCode()).as(serial.err()).isZero();
    assertThat(parallel.exitCode()).as(parallel.err()).isZero();
    assertThat(sightingCounts(serial.out())).isNotEmpty();
    assertThat(sightingCounts(parallel.out())).isEqualTo(sightingCounts(serial.out()));

    CliRun none = detect(bundle, "--format", "zeek-json", "--threads", "0", dns);
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--threads: must be at least 1, found 0");
  }

  @Test
  void jsonLinesOutputToAFileAndThePrivacySwitch() throws IOException {
    Path bundle = indicators(SERVER);
    Path out = dir.resolve("sightings.jsonl");
    CliRun run =
        detect(
            bundle,
            "--format",
            "zeek-json",
            "--output-format",
            "jsonl",
            "--no-observed-data",
            "--quiet",
            "--out",
            out.toString(),
            ZEEK.resolve("ssl.json.gz").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEmpty();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines)
        .isNotEmpty()
        .noneMatch(l -> l.contains("observed-data"))
        .noneMatch(l -> l.contains("10.164."));
    assertThat(lines).anyMatch(l -> l.contains("\"type\":\"sighting\""));
  }

  @Test
  void directoriesAreReadFileByFileAndBadLinesAreReportedWithTheirNumbers() throws IOException {
    Path bundle = indicators(QUERY);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(
        logs.resolve("dns.log"),
        "{\"_path\":\"dns\",\"ts\":1521911720.5,\"query\":\""
            + QUERY
            + "\"}\n"
            + "{\"_path\":\"dns\",\"ts\":15219\n"
            + "{\"_path\":\"dns\",\"ts\":1521911721.5,\"query\":\""
            + QUERY
            + "\"}\n");
    CliRun run = detect(bundle, "--format", "zeek", logs.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("2 events from 1 inputs")
        .contains("1 bad lines")
        .contains("dns.log:2:");
    JsonObject sighting = ofType(objects(run.out()), "sighting").getFirst();
    assertThat(Json.write(sighting.get("count").orElseThrow())).isEqualTo("2");
  }

  @Test
  void multiObservationIndicatorsFireOverTheStream() throws IOException {
    Path bundle = dir.resolve("multi.json");
    Files.writeString(
        bundle,
        """
        {"type":"bundle","id":"bundle--5d2f4c3b-1a2b-4c3d-8e4f-5a6b7c8d9e01","objects":[
        {"type":"indicator","spec_version":"2.1","id":"indicator--5d2f4c3b-1a2b-4c3d-8e4f-5a6b7c8d9e02",
         "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
         "pattern":"[domain-name:value = 'a.example.org'] FOLLOWEDBY [domain-name:value = 'b.example.org']",
         "pattern_type":"stix","valid_from":"2000-01-01T00:00:00Z"}]}
        """);
    Path log = dir.resolve("dns.log");
    Files.writeString(
        log,
        "{\"_path\":\"dns\",\"ts\":1521911720.5,\"query\":\"b.example.org\"}\n"
            + "{\"_path\":\"dns\",\"ts\":1521911721.5,\"query\":\"a.example.org\"}\n"
            + "{\"_path\":\"dns\",\"ts\":1521911722.5,\"query\":\"c.example.org\"}\n"
            + "{\"_path\":\"dns\",\"ts\":1521911723.5,\"query\":\"b.example.org\"}\n");
    CliRun run = detect(bundle, "--format", "zeek", log.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("1 multi-observation");
    JsonObject sighting = ofType(objects(run.out()), "sighting").getFirst();
    assertThat(Json.write(sighting.get("count").orElseThrow())).isEqualTo("1");
    assertThat(sighting.string("first_seen")).hasValue("2018-03-24T17:15:23.500Z");
    assertThat(detect(bundle, "--format", "zeek", "--max-state", "0", log.toString()).err())
        .contains("--max-state: must be between 1 and");
  }

  @Test
  void badUsageIsRefusedNamingTheOption() throws IOException {
    Path bundle = indicators(SERVER);
    String log = ZEEK.resolve("ssl.json.gz").toString();
    assertThat(detect(bundle, "--format", "pcap", log).err())
        .contains("--format: 'pcap' is not one of");
    assertThat(detect(bundle, "--format", "jsonl", log).err())
        .contains("--mapping: required with --format jsonl");
    assertThat(detect(bundle, "--format", "zeek", "--bucket", "soon", log).err())
        .contains("--bucket: 'soon' is not a duration");
    assertThat(
            detect(
                    bundle,
                    "--format",
                    "zeek",
                    "--publish",
                    "http://127.0.0.1:9/api/collections/x/",
                    log)
                .err())
        .contains("--identity: required with --publish");
    CliRun missing = detect(dir.resolve("nope.json").toString(), "--format", "zeek", log);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--indicators").contains("no such file");
    Path notStix = dir.resolve("bad.json");
    Files.writeString(notStix, "{\"type\":\"bundle\",\"id\":\"bundle--1\"");
    assertThat(detect(notStix, "--format", "zeek", log).err()).contains("--indicators " + notStix);
    assertThat(detect(bundle, "--format", "zeek", dir.resolve("none.log").toString()).err())
        .contains("none.log: no such file or directory");
  }

  @Test
  void indicatorsComeFromATaxiiCollectionAndSightingsArePublishedBackToIt() throws IOException {
    Path bundle = indicators(SERVER, QUERY);
    String identity = "identity--8d6c5f2e-4b3a-4c1d-9e8f-7a6b5c4d3e2f";
    try (TestNode node = TestNode.sqlite(Files.createDirectories(dir.resolve("node"))).start()) {
      Store store = node.store();
      store.addMember(new Member("cert", identity));
      node.user("analyst", "cert");
      String token = node.token("analyst");
      CollectionId shared = node.collection("Shared", Principal.member("cert"));
      List<StixObject> ind = new ArrayList<>();
      for (JsonObject o : objects(Files.readString(bundle))) {
        ind.add(StixObject.from(o));
      }
      store.add(shared, ind);
      String url = node.apiRoot() + "collections/" + shared + "/";
      CliRun run =
          detect(
              url,
              "--token",
              token,
              "--publish",
              url,
              "--identity",
              identity,
              "--format",
              "zeek-json",
              "--bucket",
              "1d",
              ZEEK.resolve("ssl.json.gz").toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("2 indicators: 2 indexed");
      List<StoredObject> sightings =
          store
              .query(
                  shared,
                  new ObjectQuery(
                      Optional.empty(),
                      List.of(),
                      List.of("sighting"),
                      VersionSelection.ALL,
                      List.of(),
                      100,
                      Optional.empty(),
                      true))
              .objects();
      Map<String, Integer> expected = new HashMap<>();
      expected.put(
          indicatorFor(bundle, SERVER),
          sum(perDay(ZEEK.resolve("ssl.json.gz"), SERVER, "id.orig_h", "id.resp_h")));
      expected.put(
          indicatorFor(bundle, QUERY),
          sum(perDay(ZEEK.resolve("ssl.json.gz"), QUERY, "server_name")));
      Map<String, Integer> published = new HashMap<>();
      for (StoredObject s : sightings) {
        JsonObject o = (JsonObject) Json.parse(s.json().orElseThrow());
        assertThat(o.string("created_by_ref")).hasValue(identity);
        published.merge(
            o.string("sighting_of_ref").orElseThrow(),
            Integer.parseInt(Json.write(o.get("count").orElseThrow())),
            Integer::sum);
      }
      assertThat(published).isEqualTo(expected);
    }
  }
}
