package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wuzhen.detect.Fixtures.id;
import static org.wuzhen.detect.Fixtures.indicator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixId;

/**
 * A live detection run on real Zeek logs and on growing files, with real threads: the poller, the
 * reader and the test. Waits are for conditions, with a generous deadline, never for a time.
 */
class LiveDetectionTest {
  static final String SERVER = "10.47.3.200"; // a responder in ssl.json.gz
  static final String QUERY = "ise.wrccdc.org"; // a query in dns.json.gz
  static final StixId SIGHTER = StixId.parse("identity--8d6c5f2e-4b3a-4c1d-9e8f-7a6b5c4d3e2f");

  @TempDir Path dir;

  private static Path zeek(String name) {
    try {
      return Path.of(LiveDetectionTest.class.getResource("/zeek/json/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LiveDetection.Settings settings(boolean follow, Optional<Duration> flush) {
    return new LiveDetection.Settings(
        new TelemetryFormat.Zeek(),
        StreamMatcher.Limits.DEFAULT,
        SightingOptions.defaults(SIGHTER).withBucket(Duration.ofDays(1)).withSampleSize(2),
        Optional.empty(),
        follow,
        Duration.ofMillis(20),
        flush);
  }

  private static LiveDetection start(
      LiveDetection.Settings settings, IndicatorSource source, SightingSink sink)
      throws UnreadableInputException {
    return LiveDetection.start(
        settings,
        source,
        sink,
        e -> {
          throw new AssertionError("no poll should fail here: " + e.getMessage());
        });
  }

  /** Lines of a gzipped Zeek JSON log whose field holds the value, counted per UTC day. */
  private static Map<String, Long> perDay(Path log, String value, String... fields)
      throws IOException {
    Map<String, Long> days = new TreeMap<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(log)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonObject o = (JsonObject) Json.parse(line);
        for (String f : fields) {
          JsonValue v = o.get(f).orElse(null);
          boolean holds =
              v instanceof JsonString s
                  ? s.value().equals(value)
                  : v instanceof JsonArray a && a.elements().contains(new JsonString(value));
          if (holds) {
            days.merge(o.string("ts").orElseThrow().substring(0, 10), 1L, Long::sum);
            break;
          }
        }
      }
    }
    return days;
  }

  private static String dns(double ts, String query) {
    return "{\"_path\":\"dns\",\"ts\":" + ts + ",\"query\":\"" + query + "\"}\n";
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting until %s", what).isBefore(deadline);
      Thread.sleep(10);
    }
  }

  /** {@link LiveDetection#read} on a thread of its own, as a followed run reads. */
  private static final class Reading {
    final AtomicReference<Object> outcome = new AtomicReference<>();
    final Thread thread;

    Reading(LiveDetection detection, List<TelemetryInput> inputs) {
      thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      outcome.set(detection.read(inputs));
                    } catch (UnreadableInputException | RuntimeException e) {
                      outcome.set(e);
                    }
                  });
    }

    @SuppressWarnings("unchecked")
    List<ReadReport> end() throws InterruptedException {
      assertThat(thread.join(Duration.ofSeconds(60))).as("the reading ended").isTrue();
      assertThat(outcome.get()).isInstanceOf(List.class);
      return (List<ReadReport>) outcome.get();
    }
  }

  @Test
  void sightingsCountExactlyTheEventsOfRealZeekLogsThatHoldTheIndicatorsValues() throws Exception {
    InMemoryIndicatorSource source =
        new InMemoryIndicatorSource(
            indicator(1, "[ipv4-addr:value = '" + SERVER + "']"),
            indicator(2, "[domain-name:value = '" + QUERY + "']"),
            indicator(3, "[ipv4-addr:value = '198.51.100.250']"));
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection detection = start(settings(false, Optional.empty()), source, sink);
    assertThat(detection.report().indexed()).isEqualTo(3);
    assertThat(detection.excludedAtStart()).isZero();

    List<ReadReport> reports =
        detection.read(
            List.of(
                new TelemetryInput.File(zeek("ssl.json.gz")),
                new TelemetryInput.File(zeek("dns.json.gz"))));
    assertThat(sink.deliveries()).as("nothing goes out before the end").isZero();
    LiveDetection.Summary summary = detection.finish();

    Map<String, Long> server = perDay(zeek("ssl.json.gz"), SERVER, "id.orig_h", "id.resp_h");
    perDay(zeek("dns.json.gz"), SERVER, "id.orig_h", "id.resp_h")
        .forEach((d, n) -> server.merge(d, n, Long::sum));
    // The name is asked for in dns (query), given in answers, and named in TLS (server_name).
    Map<String, Long> query = perDay(zeek("dns.json.gz"), QUERY, "query", "answers");
    perDay(zeek("ssl.json.gz"), QUERY, "server_name")
        .forEach((d, n) -> query.merge(d, n, Long::sum));
    assertThat(server).isNotEmpty();
    assertThat(query).isNotEmpty();

    Map<String, Map<String, Long>> reported = new HashMap<>();
    for (JsonObject s : sink.last()) {
      if (s.string("type").orElseThrow().equals("sighting")) {
        reported
            .computeIfAbsent(s.string("sighting_of_ref").orElseThrow(), k -> new TreeMap<>())
            .put(
                s.string("first_seen").orElseThrow().substring(0, 10),
                Long.parseLong(Json.write(s.get("count").orElseThrow())));
        assertThat(s.array("observed_data_refs").orElseThrow().size()).isBetween(1, 2);
      }
    }
    assertThat(reported.get(id(1))).isEqualTo(server);
    assertThat(reported.get(id(2))).isEqualTo(query);
    assertThat(reported).doesNotContainKey(id(3));
    assertThat(sink.last()).noneMatch(o -> o.string("type").orElseThrow().equals("identity"));

    assertThat(summary.delivered()).isTrue();
    assertThat(sink.deliveries()).isEqualTo(1);
    long matches =
        server.values().stream().mapToLong(Long::longValue).sum()
            + query.values().stream().mapToLong(Long::longValue).sum();
    assertThat(summary.matches()).isEqualTo(matches);
    assertThat(summary.sightings()).isEqualTo(server.size() + query.size());
    assertThat(summary.events())
        .isEqualTo(reports.get(0).events() + reports.get(1).events())
        .isEqualTo(detection.progress().events());
    assertThat(summary.bytes())
        .isEqualTo(Files.size(zeek("ssl.json.gz")) + Files.size(zeek("dns.json.gz")));
    assertThat(reports).extracting(ReadReport::file).containsExactly("ssl.json.gz", "dns.json.gz");
  }

  @Test
  void aMadeUpSighterIdentityGoesOutFirstInEachSnapshot() throws Exception {
    HostIdentity host = HostIdentity.of("sensor-1.example.org");
    LiveDetection.Settings base = settings(false, Optional.empty());
    LiveDetection.Settings settings =
        new LiveDetection.Settings(
            base.format(),
            base.limits(),
            SightingOptions.defaults(host.id()),
            Optional.of(host.object()),
            false,
            base.poll(),
            base.flush());
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection detection =
        start(
            settings,
            new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'a.example.org']")),
            sink);
    Path log = Files.writeString(dir.resolve("dns.log"), dns(1521911720.5, "a.example.org"));
    detection.read(List.of(new TelemetryInput.File(log)));
    detection.finish();

    assertThat(sink.last().getFirst()).isEqualTo(host.object());
    assertThat(sink.last())
        .filteredOn(o -> o.string("type").orElseThrow().equals("sighting"))
        .singleElement()
        .satisfies(s -> assertThat(s.string("created_by_ref")).hasValue(host.id().text()));
  }

  @Test
  void aFollowedFileIsReadAsItGrowsAndEachFlushDeliversASnapshot() throws Exception {
    Path log = dir.resolve("dns.log");
    Files.writeString(log, dns(1521911720.5, "evil.example.org") + dns(1521911721.5, "ok.org"));
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection detection =
        start(
            settings(true, Optional.of(Duration.ZERO)),
            new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'evil.example.org']")),
            sink);
    Reading reading = new Reading(detection, List.of(new TelemetryInput.File(log)));

    await("the first line is sighted", () -> sink.countsByIndicator().equals(Map.of(id(1), 1L)));
    append(log, dns(1521911722.5, "evil.example.org") + dns(1521911723.5, "evil.example.org"));
    await(
        "the appended lines are sighted", () -> sink.countsByIndicator().equals(Map.of(id(1), 3L)));
    append(log, dns(1521911724.5, "evil.example.org"));
    // Stop: what the file holds is read to its end, then the reading ends.
    detection.stop();
    List<ReadReport> reports = reading.end();
    LiveDetection.Summary summary = detection.finish();

    assertThat(reports).singleElement().satisfies(r -> assertThat(r.events()).isEqualTo(5));
    assertThat(summary.matches()).isEqualTo(4);
    assertThat(sink.countsByIndicator()).isEqualTo(Map.of(id(1), 4L));
  }

  @Test
  void withoutFlushesAFollowedRunDeliversOnlyItsFinalSnapshot() throws Exception {
    Path log = Files.writeString(dir.resolve("dns.log"), dns(1521911720.5, "evil.example.org"));
    InMemoryIndicatorSource source =
        new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'evil.example.org']"));
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection detection = start(settings(true, Optional.empty()), source, sink);
    Reading reading = new Reading(detection, List.of(new TelemetryInput.File(log)));

    await("the first line is counted", () -> detection.progress().matches() == 1);
    int polls = source.polls();
    await("three more polls", () -> source.polls() >= polls + 3);
    assertThat(sink.deliveries()).isZero();
    detection.stop();
    reading.end();
    detection.finish();
    assertThat(sink.deliveries()).isEqualTo(1);
    assertThat(sink.countsByIndicator()).isEqualTo(Map.of(id(1), 1L));
  }

  @Test
  void indicatorsAddedToAFollowedSourceMatchTheEventsReadAfterTheReload() throws Exception {
    Path log = dir.resolve("dns.log");
    Files.writeString(log, dns(1521911720.5, "a.example.org") + dns(1521911721.5, "b.example.org"));
    InMemoryIndicatorSource source =
        new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'a.example.org']"));
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection detection = start(settings(true, Optional.empty()), source, sink);
    Reading reading = new Reading(detection, List.of(new TelemetryInput.File(log)));
    await("both lines are read", () -> detection.progress().events() == 2);

    source.add(indicator(2, "[domain-name:value = 'b.example.org']"));
    int polls = source.polls();
    // The poll after the one that found the indicator starts once the new plan is swapped in.
    await("the new indicator is compiled", () -> source.polls() >= polls + 2);
    append(log, dns(1521911722.5, "b.example.org") + dns(1521911723.5, "a.example.org"));
    await("the appended lines are read", () -> detection.progress().events() == 4);
    detection.stop();
    reading.end();
    detection.finish();

    // The first b.example.org was read before the reload: only the one after it counts.
    assertThat(sink.countsByIndicator()).isEqualTo(Map.of(id(1), 2L, id(2), 1L));
  }

  @Test
  void progressCountsSightingsIndicatorsInThePlanAndEngineSwaps() throws Exception {
    Path log = dir.resolve("dns.log");
    Files.writeString(log, dns(1521911720.5, "a.example.org") + dns(1521911721.5, "b.example.org"));
    InMemoryIndicatorSource source =
        new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'a.example.org']"));
    LiveDetection detection =
        start(settings(true, Optional.empty()), source, new InMemorySightingSink());
    assertThat(detection.progress()).isEqualTo(new LiveDetection.Progress(0, 0, 0, 0, 1, 0));
    Reading reading = new Reading(detection, List.of(new TelemetryInput.File(log)));
    await("both lines are read", () -> detection.progress().events() == 2);
    assertThat(detection.progress().sightings()).isEqualTo(1);
    assertThat(detection.progress().engineSwaps()).isZero();

    source.add(indicator(2, "[domain-name:value = 'b.example.org']"));
    await("the new plan is swapped in", () -> detection.progress().engineSwaps() == 1);
    append(log, dns(1521911722.5, "b.example.org"));
    await("the appended line is read", () -> detection.progress().events() == 3);
    detection.stop();
    reading.end();
    detection.finish();

    LiveDetection.Progress last = detection.progress();
    assertThat(last.matches()).isEqualTo(2);
    assertThat(last.sightings()).isEqualTo(2);
    assertThat(last.indicators()).isEqualTo(2);
    assertThat(last.engineSwaps()).isEqualTo(1);
  }

  @Test
  void indicatorsTheSourceExcludesAreLeftOutAtStartAndWhenTheExclusionsChange() throws Exception {
    InMemoryIndicatorSource source =
        new InMemoryIndicatorSource(
            indicator(1, "[domain-name:value = 'a.example.org']"),
            indicator(2, "[domain-name:value = 'b.example.org']"));
    source.exclude(id(2));
    Path log = dir.resolve("dns.log");
    Files.writeString(log, dns(1521911720.5, "a.example.org") + dns(1521911721.5, "b.example.org"));
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection detection = start(settings(true, Optional.empty()), source, sink);
    assertThat(detection.excludedAtStart()).isEqualTo(1);
    assertThat(detection.report().total()).isEqualTo(1);
    Reading reading = new Reading(detection, List.of(new TelemetryInput.File(log)));
    await("both lines are read", () -> detection.progress().events() == 2);

    source.exclude(id(1)); // b is back, a is disputed now
    int polls = source.polls();
    await("the exclusions are applied", () -> source.polls() >= polls + 2);
    append(log, dns(1521911722.5, "a.example.org") + dns(1521911723.5, "b.example.org"));
    await("the appended lines are read", () -> detection.progress().events() == 4);
    detection.stop();
    reading.end();
    detection.finish();

    assertThat(sink.countsByIndicator()).isEqualTo(Map.of(id(1), 1L, id(2), 1L));
  }

  @Test
  void aFailedPollIsReportedAndPollingGoesOn() throws Exception {
    InMemoryIndicatorSource source =
        new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'a.example.org']"));
    source.failNextPolls(2);
    List<String> failures = new CopyOnWriteArrayList<>();
    Path log = Files.writeString(dir.resolve("dns.log"), dns(1521911720.5, "a.example.org"));
    LiveDetection detection =
        LiveDetection.start(
            settings(true, Optional.empty()),
            source,
            new InMemorySightingSink(),
            e -> failures.add(e.getMessage()));
    Reading reading = new Reading(detection, List.of(new TelemetryInput.File(log)));

    await("two failures and a good poll after them", () -> source.polls() >= 3);
    detection.stop();
    reading.end();
    assertThat(failures)
        .hasSize(2)
        .allMatch(m -> m.equals("in-memory source: unavailable for this poll"));
  }

  @Test
  void aSinkThatRefusesTheFinalSnapshotEndsTheRunUndelivered() throws Exception {
    Path log = Files.writeString(dir.resolve("dns.log"), dns(1521911720.5, "a.example.org"));
    InMemorySightingSink sink = new InMemorySightingSink(true);
    LiveDetection detection =
        start(
            settings(false, Optional.empty()),
            new InMemoryIndicatorSource(indicator(1, "[domain-name:value = 'a.example.org']")),
            sink);
    detection.read(List.of(new TelemetryInput.File(log)));
    LiveDetection.Summary summary = detection.finish();
    assertThat(summary.delivered()).isFalse();
    assertThat(summary.sightings()).isEqualTo(1);
    assertThat(sink.deliveries()).isEqualTo(1);
  }

  @Test
  void inputsThatCannotBeOpenedOrReadAreNamed() throws Exception {
    LiveDetection detection =
        start(
            settings(false, Optional.empty()),
            new InMemoryIndicatorSource(),
            new InMemorySightingSink());
    Path missing = dir.resolve("missing.log");
    assertThatThrownBy(() -> detection.read(List.of(new TelemetryInput.File(missing))))
        .isInstanceOf(UnreadableInputException.class)
        .hasMessageStartingWith(missing + ": cannot open: ");
    // A directory opens on Linux and fails on the first read.
    Path directory = Files.createDirectories(dir.resolve("logs"));
    assertThatThrownBy(() -> detection.read(List.of(new TelemetryInput.File(directory))))
        .isInstanceOf(UnreadableInputException.class)
        .hasMessageStartingWith("cannot read input: ");
  }

  @Test
  void aSourceThatCannotBeLoadedStopsTheStart() {
    IndicatorSource unreadable =
        () -> {
          throw new UnreadableInputException("--indicators feed.json: no such file");
        };
    assertThatThrownBy(
            () ->
                LiveDetection.start(
                    settings(false, Optional.empty()),
                    unreadable,
                    new InMemorySightingSink(),
                    e -> {}))
        .isInstanceOf(UnreadableInputException.class)
        .hasMessage("--indicators feed.json: no such file");
  }

  @Test
  void settingsRefuseAPollThatIsNotPositive() {
    LiveDetection.Settings s = settings(true, Optional.empty());
    assertThatThrownBy(
            () ->
                new LiveDetection.Settings(
                    s.format(),
                    s.limits(),
                    s.sightings(),
                    s.sighterIdentity(),
                    true,
                    Duration.ZERO,
                    s.flush()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("poll: must be positive");
  }

  @Test
  void aHostIdentityIsTheSameOnEveryRunOfOneHost() {
    HostIdentity a = HostIdentity.of("sensor-1.example.org");
    assertThat(HostIdentity.of("sensor-1.example.org")).isEqualTo(a);
    assertThat(HostIdentity.of("sensor-2.example.org").id()).isNotEqualTo(a.id());
    // Pinned: sightings published before must keep their sighter.
    assertThat(a.id().text()).isEqualTo("identity--e483955d-f3a5-5e3e-aa02-710d7b0892bc");
    assertThat(a.id().type()).isEqualTo("identity");
    assertThat(a.object().string("id")).hasValue(a.id().text());
    assertThat(a.object().string("name")).hasValue("Wuzhen detect on sensor-1.example.org");
    assertThat(HostIdentity.local().id().type()).isEqualTo("identity");
    assertThat(a.object().string("identity_class")).hasValue("system");
  }
}
