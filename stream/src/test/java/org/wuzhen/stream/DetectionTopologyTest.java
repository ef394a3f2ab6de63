package org.wuzhen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.detect.TelemetryFormat;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.StixValidator;

class DetectionTopologyTest {
  /** Records of the log the shorter tests read (the differential reads all 53,615). */
  private static final int SOME = 12_000;

  @TempDir Path state;

  private final StreamCounters counters = new StreamCounters();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> indicators;
  private TestInputTopic<byte[], byte[]> dns;
  private TestInputTopic<byte[], byte[]> tagged;
  private TestInputTopic<byte[], byte[]> eve;
  private TestOutputTopic<String, JsonValue> sightings;

  @BeforeEach
  void start() {
    StreamSettings settings =
        StreamSettings.of(
                "127.0.0.1:1",
                List.of(
                    TelemetryTopic.zeek("zeek.dns"),
                    TelemetryTopic.zeek("zeek"),
                    new TelemetryTopic("suricata.eve", new TelemetryFormat.Eve(), "")),
                Telemetry.OPTIONS)
            .withStateDirectory(state);
    Properties p = StreamDetection.streamsProperties(settings);
    driver =
        new TopologyTestDriver(
            DetectionTopology.build(settings, new IndicatorPlan(), counters, Clock.systemUTC()), p);
    indicators =
        driver.createInputTopic(
            settings.indicatorsTopic(), new StringSerializer(), new ByteArraySerializer());
    dns = driver.createInputTopic("zeek.dns", new ByteArraySerializer(), new ByteArraySerializer());
    tagged = driver.createInputTopic("zeek", new ByteArraySerializer(), new ByteArraySerializer());
    eve =
        driver.createInputTopic(
            "suricata.eve", new ByteArraySerializer(), new ByteArraySerializer());
    sightings =
        driver.createOutputTopic(
            settings.sightingsTopic(), new StringDeserializer(), JsonSerde.INSTANCE.deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void publish(StixObject indicator, long treeSize) {
    indicators.pipeInput(
        new TestRecord<>(
            indicator.id().text(),
            indicator.toJson().getBytes(StandardCharsets.UTF_8),
            headers(treeSize),
            0L));
  }

  private void withdraw(String id, long treeSize) {
    indicators.pipeInput(new TestRecord<>(id, null, headers(treeSize), 0L));
  }

  private static RecordHeaders headers(long treeSize) {
    RecordHeaders h = new RecordHeaders();
    h.add(
        PlanUpdater.TREE_SIZE_HEADER, Long.toString(treeSize).getBytes(StandardCharsets.US_ASCII));
    return h;
  }

  private Map<String, String> tallies() {
    return Telemetry.tallies(Telemetry.values(sightings.readValuesToList()));
  }

  @Test
  void theRealDnsLogGivesTheSightingsOfWuzhenDetect() {
    Telemetry.indicators().forEach(i -> publish(i, 7));
    for (byte[] record : Telemetry.dnsRecords()) {
      dns.pipeInput(record);
    }
    Map<String, String> expected = Telemetry.expected(Telemetry.indicators());
    assertThat(expected).hasSizeGreaterThan(4);
    assertThat(tallies()).isEqualTo(expected);
    assertThat(counters.records()).isEqualTo(Telemetry.dnsRecords().size());
    assertThat(counters.badRecords()).isZero();
  }

  @Test
  void theRealEveLinesGiveTheSightingsOfWuzhenDetect() {
    Telemetry.eveIndicators().forEach(i -> publish(i, 7));
    List<byte[]> records = Telemetry.eveRecords();
    records.forEach(eve::pipeInput);
    Map<String, String> expected = Telemetry.expectedEve(Telemetry.eveIndicators());
    // Six of the eight indicators are sighted (dns, tls, a certificate, an answer, a port, a LIKE),
    // some in several time buckets; the last two never are.
    for (StixObject i : Telemetry.eveIndicators().subList(0, 6)) {
      assertThat(expected.values()).as(i.id().text()).anyMatch(t -> t.startsWith(i.id().text()));
    }
    for (StixObject i : Telemetry.eveIndicators().subList(6, 8)) {
      assertThat(expected.values()).as(i.id().text()).noneMatch(t -> t.startsWith(i.id().text()));
    }
    assertThat(expected).hasSizeGreaterThan(6);
    assertThat(tallies()).isEqualTo(expected);
    assertThat(counters.records()).isEqualTo(records.size());
    assertThat(counters.badRecords()).isZero();
  }

  @Test
  void taggedRecordsWithoutPathAreReadAsTheirTagSays() {
    Telemetry.indicators().forEach(i -> publish(i, 7));
    for (byte[] record : Telemetry.dnsRecords().subList(0, SOME)) {
      JsonObject o = ((JsonObject) Json.parse(record)).without("_path");
      tagged.pipeInput(Json.writeBytes(JsonObject.builder().put("dns", o).build(), false));
    }
    assertThat(tallies()).isEqualTo(Telemetry.expected(Telemetry.indicators(), SOME));
  }

  @Test
  void hostileRecordsAreCountedAndSkippedWhileTheRestIsMatched() {
    Telemetry.indicators().forEach(i -> publish(i, 7));
    List<byte[]> hostile =
        List.of(
            "{\"ts\": 1.5, \"query\": ".getBytes(StandardCharsets.UTF_8),
            "[]".getBytes(StandardCharsets.UTF_8),
            "{\"query\": \"docs.google.com\"}".getBytes(StandardCharsets.UTF_8),
            "{\"ts\": 1.5, \"id.orig_p\": \"eighty\"}".getBytes(StandardCharsets.UTF_8),
            "[".repeat(200_000).getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1},
            new byte[4 << 20]);
    List<byte[]> records = Telemetry.dnsRecords().subList(0, SOME);
    int i = 0;
    for (byte[] record : records) {
      dns.pipeInput(record);
      if (i % 5000 == 0) {
        hostile.forEach(dns::pipeInput);
      }
      i++;
    }
    dns.pipeInput((byte[]) null);
    long insertions = (records.size() + 4999) / 5000;
    assertThat(counters.badRecords()).isEqualTo(insertions * hostile.size() + 1);
    assertThat(tallies()).isEqualTo(Telemetry.expected(Telemetry.indicators(), SOME));
  }

  @Test
  void aWithdrawnIndicatorStopsMatchingAndOneAddedLaterStarts() {
    List<byte[]> records = Telemetry.dnsRecords();
    List<byte[]> first = records.subList(0, records.size() / 2);
    List<byte[]> second = records.subList(records.size() / 2, records.size());
    StixObject docs = Telemetry.indicators().get(1);
    StixObject ubuntu = Telemetry.indicators().get(0);
    publish(docs, 3);
    first.forEach(dns::pipeInput);
    withdraw(docs.id().text(), 4);
    publish(ubuntu, 5);
    second.forEach(dns::pipeInput);

    List<JsonValue> out = Telemetry.values(sightings.readValuesToList());
    Map<String, String> docsOnly = Telemetry.expected(List.of(docs));
    Map<String, String> ubuntuAll = Telemetry.expected(List.of(ubuntu));
    long docsCount = count(out, docs.id().text());
    long ubuntuCount = count(out, ubuntu.id().text());
    assertThat(docsCount).isPositive().isLessThan(total(docsOnly));
    assertThat(docsCount).isEqualTo(Telemetry.matchesIn(first, docs));
    assertThat(ubuntuCount).isPositive().isEqualTo(Telemetry.matchesIn(second, ubuntu));
    assertThat(ubuntuCount).isLessThan(total(ubuntuAll));
    assertThat(treeSizes(out, ubuntu.id().text())).containsOnly(5L);
    assertThat(treeSizes(out, docs.id().text())).containsOnly(3L);
  }

  private static long total(Map<String, String> tallies) {
    return tallies.values().stream()
        .mapToLong(t -> Long.parseLong(t.substring(t.lastIndexOf('x') + 1)))
        .sum();
  }

  private static long count(List<JsonValue> out, String indicatorId) {
    return total(
        Telemetry.tallies(out).entrySet().stream()
            .filter(e -> e.getValue().startsWith(indicatorId + " "))
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  private static List<Long> treeSizes(List<JsonValue> out, String indicatorId) {
    List<Long> sizes = new ArrayList<>();
    for (JsonValue v : out) {
      JsonObject s = (JsonObject) ((JsonArray) v).get(0);
      if (s.string("sighting_of_ref").orElseThrow().equals(indicatorId)) {
        sizes.add(
            ((org.wuzhen.stix.JsonNumber) s.get("x_wuzhen_plan_tree_size").orElseThrow())
                .asLong()
                .orElseThrow());
      }
    }
    return sizes;
  }

  @Test
  void aSightingIsPublishedAsValidStixWithItsSample() {
    publish(Telemetry.indicators().get(1), 9);
    Telemetry.dnsRecords().subList(0, SOME).forEach(dns::pipeInput);
    List<JsonValue> out = Telemetry.values(sightings.readValuesToList());
    JsonArray last = (JsonArray) out.get(out.size() - 1);
    JsonObject sighting = (JsonObject) last.get(0);
    assertThat(sighting.strings("observed_data_refs")).hasSize(2);
    assertThat(last.elements().stream().map(o -> ((JsonObject) o).string("type").orElseThrow()))
        .contains("sighting", "observed-data", "domain-name");
    for (JsonValue o : last.elements()) {
      assertThat(StixValidator.isValid(new StixValidator().validate(o))).as(o.toString()).isTrue();
    }
    assertThat(sighting.string("created").orElseThrow())
        .isLessThanOrEqualTo(sighting.string("modified").orElseThrow());
  }

  @Test
  void multiObservationPatternsGiveTheSightingsOfWuzhenDetect() {
    List<StixObject> all = new ArrayList<>(Telemetry.indicators());
    all.addAll(Telemetry.multiObservationIndicators());
    all.forEach(i -> publish(i, 7));
    Telemetry.dnsRecords().subList(0, SOME).forEach(dns::pipeInput);
    Map<String, String> expected = Telemetry.expected(all, SOME);
    for (StixObject multi : Telemetry.multiObservationIndicators()) {
      assertThat(expected.values()).anyMatch(t -> t.startsWith(multi.id().text() + " "));
    }
    assertThat(tallies()).isEqualTo(expected);
  }
}
