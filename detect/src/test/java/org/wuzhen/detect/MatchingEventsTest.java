package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.Fixtures.indicator;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * Events built for matching only ({@link MatchFields}): a plan that reads some fields of some types
 * gives, through {@link LiveDetection} at line rate, the sightings (counts, times, samples and
 * their observables) of every line built whole and matched, serially and with inputs read at once;
 * and a plan whose paths read ids or references, or that has multi-observation indicators, gets
 * whole events.
 */
class MatchingEventsTest {
  private static final Path ZEEK = Path.of("src/test/resources/zeek");
  private static final List<String> LOGS =
      List.of(
          "json/dns.json.gz",
          "json/ssl.json.gz",
          "tsv/dns.log.gz",
          "json/x509.json.gz",
          "tsv/x509.log.gz",
          "json/dns.json.gz");

  /** Values of the logs, LIKE, MATCHES, blocks, certificate hashes and serials, and a URL. */
  private static List<StixObject> plan() {
    List<StixObject> out = new ArrayList<>(LineRateReadingTest.present());
    out.add(indicator(60, "[x509-certificate:serial_number LIKE '0%']"));
    out.add(indicator(61, "[url:value = 'http://ise.wrccdc.org/']"));
    out.add(indicator(62, "[ipv4-addr:value ISSUBSET '10.0.0.0/8']"));
    return out;
  }

  @Test
  void aPlanReadingSomeFieldsGivesTheSightingsOfWholeEvents() throws Exception {
    DetectionEngine engine = DetectionEngine.compile(plan());
    Optional<MatchFields> fields = engine.matchFields();
    assertThat(fields).as("the plan allows events built for matching").isPresent();
    assertThat(fields.get().keeps("domain-name", "value")).isTrue();
    assertThat(fields.get().keeps("domain-name", "resolves_to_refs")).isFalse();
    for (int sample : new int[] {0, 1, 3}) {
      SightingOptions options =
          Fixtures.sightings().withSampleSize(sample).withBucket(Duration.ofMinutes(10));
      List<String> whole = wholeEvents(engine, options);
      assertThat(whole.size()).as("not vacuous").isGreaterThan(20);
      for (int threads : new int[] {1, 2, 4}) {
        assertThat(lineRate(options, threads))
            .as("sample %d, %d threads", sample, threads)
            .isEqualTo(whole);
      }
    }
    SightingOptions noObservedData = Fixtures.sightings().withoutObservedData();
    assertThat(lineRate(noObservedData, 1)).isEqualTo(wholeEvents(engine, noObservedData));
  }

  @Test
  void linesThatMayMatchAreBuiltForMatchingAndWholeOnlyForSamples() throws Exception {
    DetectionEngine engine = DetectionEngine.compile(plan());
    int[] built = {0, 0, 0}; // for matching, whole, whole asked for
    LineReader.MatchingSink sink =
        new LineReader.MatchingSink() {
          @Override
          public void accept(Event event) {
            built[1]++;
          }

          @Override
          public Optional<MatchFields> matchFields() {
            return engine.matchFields();
          }

          @Override
          public void acceptMatching(Event event, MatchFields f, Supplier<Event> whole) {
            built[0]++;
            if (built[0] % 100 == 0) {
              Event w = whole.get();
              built[2]++;
              assertThat(w.time()).isEqualTo(event.time());
              assertThat(w.source()).isEqualTo(event.source());
            }
          }
        };
    ZeekReader.read(
        "dns.json.gz",
        new ByteArrayInputStream(Files.readAllBytes(ZEEK.resolve("json/dns.json.gz"))),
        engine.observableTypes(),
        engine::zeekProbe,
        sink,
        n -> {});
    assertThat(built[0]).as("events built for matching").isGreaterThan(1000);
    assertThat(built[2]).isGreaterThan(10);
  }

  @Test
  void plansReadingIdsReferencesOrSeveralObservationsGetWholeEvents() {
    assertThat(engine("[network-traffic:dst_ref.value = '10.47.3.5']").matchFields()).isEmpty();
    assertThat(engine("[domain-name:resolves_to_refs[*].value = '10.47.3.5']").matchFields())
        .isEmpty();
    assertThat(engine("[network-traffic:src_ref = 'ipv4-addr--x']").matchFields()).isEmpty();
    assertThat(
            engine("[ipv4-addr:value = '10.47.3.5'] FOLLOWEDBY [ipv4-addr:value = '10.47.3.6']")
                .matchFields())
        .isEmpty();
    MatchFields some = engine("[ipv4-addr:value != '10.47.3.5']").matchFields().orElseThrow();
    assertThat(some.keeps("ipv4-addr", "value")).isTrue();
    assertThat(some.wants("ipv4-addr")).isTrue();
    assertThat(some.wants("domain-name")).isFalse();
  }

  private static DetectionEngine engine(String pattern) {
    return DetectionEngine.compile(List.of(indicator(1, pattern)));
  }

  /** The sightings of every line built whole (the exact reader) and matched, in input order. */
  private static List<String> wholeEvents(DetectionEngine engine, SightingOptions options)
      throws Exception {
    Sightings sightings = new Sightings(options);
    for (String log : LOGS) {
      Path file = ZEEK.resolve(log);
      try (var in = Files.newInputStream(file)) {
        ZeekReader.read(
            file.getFileName().toString(),
            in,
            engine.observableTypes(),
            e -> engine.match(e).forEach(sightings::add));
      }
    }
    return comparable(sightings.snapshot(StixTimestamp.parse("2026-01-01T00:00:00Z")));
  }

  private static List<String> lineRate(SightingOptions options, int threads) throws Exception {
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection live =
        LiveDetection.start(
            Fixtures.zeekRun(options),
            MatchingEventsTest::plan,
            sink,
            e -> {
              throw new AssertionError(e);
            });
    List<TelemetryInput> inputs = new ArrayList<>();
    for (String log : LOGS) {
      inputs.add(new TelemetryInput.File(ZEEK.resolve(log)));
    }
    live.read(inputs, threads);
    live.finish();
    return comparable(sink.last());
  }

  private static List<String> comparable(List<JsonObject> objects) {
    List<String> out = new ArrayList<>();
    for (JsonObject o : objects) {
      out.add(o.without("created").without("modified").toString());
    }
    return out;
  }
}
