package org.wuzhen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/** The app against a real broker on loopback (KRaft, in this JVM). */
class StreamDetectionBrokerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static KafkaBroker broker;

  @TempDir Path state;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private StreamSettings settings(String app, int partitions) {
    return settings(
        app,
        partitions,
        new TelemetryTopic(app + ".zeek.dns", new org.wuzhen.detect.TelemetryFormat.Zeek(), "dns"));
  }

  private StreamSettings settings(String app, int partitions, TelemetryTopic telemetry) {
    broker.createTopic(app + ".indicators", 1, true);
    broker.createTopic(telemetry.topic(), partitions, false);
    broker.createTopic(app + ".sightings", partitions, true);
    return new StreamSettings(
        broker.bootstrapServers(),
        app,
        app + ".indicators",
        app + ".sightings",
        List.of(telemetry),
        Telemetry.OPTIONS,
        1,
        java.util.Optional.of(state.resolve(app + "-" + System.nanoTime())),
        Duration.ofMillis(200),
        Duration.ZERO,
        StreamSettings.DEFAULT_RETRO_HUNT_INTERVAL,
        Map.of());
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", "5"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void publish(
      StreamSettings s, List<StixObject> indicators, List<String> withdrawn) {
    try (KafkaProducer<String, byte[]> p = producer()) {
      for (StixObject i : indicators) {
        p.send(
            new ProducerRecord<>(
                s.indicatorsTopic(),
                null,
                i.id().text(),
                i.toJson().getBytes(StandardCharsets.UTF_8),
                treeSize(11)));
      }
      for (String id : withdrawn) {
        p.send(new ProducerRecord<>(s.indicatorsTopic(), null, id, null, treeSize(12)));
      }
    }
  }

  private static RecordHeaders treeSize(long n) {
    RecordHeaders h = new RecordHeaders();
    h.add(PlanUpdater.TREE_SIZE_HEADER, Long.toString(n).getBytes(StandardCharsets.US_ASCII));
    return h;
  }

  private static void produce(StreamSettings s, List<byte[]> records, int keyOffset) {
    try (KafkaProducer<String, byte[]> p = producer()) {
      for (int i = 0; i < records.size(); i++) {
        // keyed so that the records spread over every partition
        p.send(
            new ProducerRecord<>(
                s.telemetry().get(0).topic(), "r" + (keyOffset + i), records.get(i)));
      }
    }
  }

  private static Map<String, String> readTallies(StreamSettings s, Map<String, String> until)
      throws InterruptedException {
    List<JsonValue> values = new ArrayList<>();
    try (KafkaConsumer<String, JsonValue> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "group.id",
                "reader-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            JsonSerde.INSTANCE.deserializer())) {
      c.subscribe(List.of(s.sightingsTopic()));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, JsonValue> r : c.poll(Duration.ofMillis(250))) {
          values.add(r.value());
        }
        if (Telemetry.tallies(values).equals(until)) {
          break;
        }
      }
    }
    return Telemetry.tallies(values);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void twoInstancesOnThreePartitionsGiveTheSightingsOfWuzhenDetect() throws Exception {
    StreamSettings s = settings("two", 3);
    publish(s, Telemetry.indicators(), List.of());
    Map<String, String> expected = Telemetry.expected(Telemetry.indicators());
    try (StreamDetection a = StreamDetection.builder(s).start();
        StreamDetection b =
            StreamDetection.builder(s.withStateDirectory(state.resolve("two-b"))).start()) {
      assertThat(a.awaitRunning(PATIENCE)).isTrue();
      assertThat(b.awaitRunning(PATIENCE)).isTrue();
      produce(s, Telemetry.dnsRecords(), 0);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      assertThat(a.counters().records() + b.counters().records())
          .isEqualTo(Telemetry.dnsRecords().size());
      assertThat(a.failure()).isEmpty();
      assertThat(b.failure()).isEmpty();
    }
  }

  @Test
  void twoInstancesOnThreePartitionsGiveTheSightingsOfWuzhenDetectForEveLines() throws Exception {
    StreamSettings s =
        settings(
            "eve",
            3,
            new TelemetryTopic(
                "eve.suricata.eve", new org.wuzhen.detect.TelemetryFormat.Eve(), ""));
    publish(s, Telemetry.eveIndicators(), List.of());
    Map<String, String> expected = Telemetry.expectedEve(Telemetry.eveIndicators());
    assertThat(expected).as("the EVE indicators are sighted at all").hasSizeGreaterThan(6);
    try (StreamDetection a = StreamDetection.builder(s).start();
        StreamDetection b =
            StreamDetection.builder(s.withStateDirectory(state.resolve("eve-b"))).start()) {
      assertThat(a.awaitRunning(PATIENCE)).isTrue();
      assertThat(b.awaitRunning(PATIENCE)).isTrue();
      List<byte[]> records = Telemetry.eveRecords();
      produce(s, records, 0);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      assertThat(a.counters().records() + b.counters().records()).isEqualTo(records.size());
      assertThat(a.counters().badRecords() + b.counters().badRecords()).isZero();
      assertThat(a.failure()).isEmpty();
      assertThat(b.failure()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 12})
  void oneInstanceGivesTheSightingsOfWuzhenDetectWhateverThePartitions(int partitions)
      throws Exception {
    StreamSettings s = settings("one" + partitions, partitions);
    // multi-observation patterns: DetectionTopologyTest (the same stage, without a broker)
    List<StixObject> all = Telemetry.indicators();
    publish(s, all, List.of());
    Map<String, String> expected = Telemetry.expected(all);
    try (StreamDetection d = StreamDetection.builder(s).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      produce(s, Telemetry.dnsRecords(), 0);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
    }
  }

  @Test
  void aRestartedInstanceRebuildsItsPlanFromTheTopic() throws Exception {
    StreamSettings s = settings("restart", 1);
    List<StixObject> indicators = Telemetry.indicators();
    publish(s, indicators, List.of(indicators.get(4).id().text()));
    for (int run = 0; run < 2; run++) {
      try (StreamDetection d = StreamDetection.builder(s).start()) {
        assertThat(d.awaitRunning(PATIENCE)).isTrue();
        for (int i = 0; i < 4; i++) {
          assertThat(d.planHolds(indicators.get(i).id().text())).as("run " + run).isTrue();
        }
        assertThat(d.planHolds(indicators.get(4).id().text())).isFalse();
        assertThat(d.planTreeSize()).isEqualTo(12);
      }
    }
  }

  @Test
  void aPatternWhoseObservationsStraddleARestartStillCompletes() throws Exception {
    StreamSettings s = settings("window", 2);
    StixObject both = Telemetry.multiObservationIndicators().get(0); // docs AND ubuntu
    StixObject docs = Telemetry.indicators().get(1);
    StixObject ubuntu = Telemetry.indicators().get(0);
    List<byte[]> records = Telemetry.dnsRecords();
    byte[] first = firstMatching(records, docs);
    byte[] second = firstMatching(records, ubuntu);
    publish(s, List.of(both), List.of());
    try (StreamDetection d = StreamDetection.builder(s).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      produce(s, List.of(first), 0);
      await(
          "the first observation in its window", () -> d.counters().multiObservationEvents() == 1);
    } // closed: the window's observation is committed with the record
    // A new instance with empty local state: the window comes back from its changelog.
    try (StreamDetection d =
        StreamDetection.builder(s.withStateDirectory(state.resolve("window-again"))).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      produce(s, List.of(second), 1);
      Map<String, String> expected = Telemetry.expected(List.of(both), List.of(first, second));
      assertThat(expected).hasSize(1);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      assertThat(d.failure()).isEmpty();
    }
  }

  private static byte[] firstMatching(List<byte[]> records, StixObject indicator) {
    for (byte[] r : records) {
      if (Telemetry.matchesIn(List.of(r), indicator) > 0) {
        return r;
      }
    }
    throw new AssertionError("no record matches " + indicator.id());
  }

  @Test
  void indicatorsFromTheNodeMatchWithinSecondsAndRevokedOnesStop() throws Exception {
    StreamSettings s = settings("node", 3);
    FakeNode node = new FakeNode();
    StixObject docs = Telemetry.indicators().get(1);
    StixObject ubuntu = Telemetry.indicators().get(0);
    List<byte[]> records = Telemetry.dnsRecords();
    List<byte[]> first = records.subList(0, records.size() / 2);
    List<byte[]> second = records.subList(records.size() / 2, records.size());
    try (StreamDetection d =
        StreamDetection.builder(s).publishIndicators(node, () -> 42).postSightings(node).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      node.accept(docs);
      await("the indicator in the plan", () -> d.planHolds(docs.id().text()));
      produce(s, first, 0);
      long docsFirst = Telemetry.matchesIn(first, docs);
      await("docs' sightings posted", () -> node.count(docs.id().text()) == docsFirst);

      node.accept(
          Telemetry.indicator(
              "00000000-0000-4000-8000-000000000002",
              "[domain-name:value = 'docs.google.com']",
              "2024-02-01T00:00:00.000Z",
              true));
      node.accept(ubuntu);
      await(
          "revocation and addition in the plan",
          () -> !d.planHolds(docs.id().text()) && d.planHolds(ubuntu.id().text()));
      produce(s, second, first.size());
      long ubuntuSecond = Telemetry.matchesIn(second, ubuntu);
      await("ubuntu's sightings posted", () -> node.count(ubuntu.id().text()) == ubuntuSecond);
      assertThat(node.count(docs.id().text())).isEqualTo(docsFirst);
      assertThat(ubuntuSecond).isPositive();
      assertThat(node.treeSizes()).containsOnly(42L);
      assertThat(d.counters().withdrawn()).isEqualTo(1);
      assertThat(d.failure()).isEmpty();
    }
  }

  /**
   * A node as the app sees it through {@code IndicatorSource} and {@code SightingSink}: the
   * indicators accepted so far, and the newest version of each sighting posted. Named a fake: the
   * node's own adapters over TAXII are tested in node.
   */
  private static final class FakeNode implements IndicatorSource, SightingSink {
    private final List<StixObject> accepted = new CopyOnWriteArrayList<>();
    private int read;
    private final Map<String, JsonObject> sightings = new TreeMap<>();
    private final Set<String> refusesSightingsOf;

    FakeNode() {
      this(Set.of());
    }

    /** A node that always refuses the sightings of these indicators, as a node's policy may. */
    FakeNode(Set<String> refusesSightingsOf) {
      this.refusesSightingsOf = refusesSightingsOf;
    }

    void accept(StixObject indicator) {
      accepted.add(indicator);
    }

    @Override
    public List<StixObject> load() {
      return more();
    }

    @Override
    public synchronized List<StixObject> more() {
      List<StixObject> out = List.copyOf(accepted.subList(read, accepted.size()));
      read += out.size();
      return out;
    }

    @Override
    public synchronized Delivery deliver(List<JsonObject> objects) {
      int refused = 0;
      for (JsonObject o : objects) {
        if (o.string("type").orElseThrow().equals("sighting")
            && refusesSightingsOf.contains(o.string("sighting_of_ref").orElseThrow())) {
          refused++;
        } else if (o.string("type").orElseThrow().equals("sighting")) {
          JsonObject known = sightings.get(o.string("id").orElseThrow());
          if (known == null
              || known
                      .string("modified")
                      .orElseThrow()
                      .compareTo(o.string("modified").orElseThrow())
                  < 0) {
            sightings.put(o.string("id").orElseThrow(), o);
          }
        }
      }
      return Delivery.refusing(refused);
    }

    synchronized long count(String indicatorId) {
      long n = 0;
      for (JsonObject s : sightings.values()) {
        if (s.string("sighting_of_ref").orElseThrow().equals(indicatorId)) {
          n += ((JsonNumber) s.get("count").orElseThrow()).asLong().orElseThrow();
        }
      }
      return n;
    }

    synchronized Set<Long> treeSizes() {
      Set<Long> out = new HashSet<>();
      for (JsonObject s : sightings.values()) {
        out.add(
            ((JsonNumber) s.get("x_wuzhen_plan_tree_size").orElseThrow()).asLong().orElseThrow());
      }
      return out;
    }
  }

  @Test
  void sightingsTheNodeRefusesArePassedOverAndHoldUpNoOthers() throws Exception {
    StreamSettings s = settings("refusing", 2);
    StixObject docs = Telemetry.indicators().get(1);
    StixObject ubuntu = Telemetry.indicators().get(0);
    FakeNode node = new FakeNode(Set.of(docs.id().text()));
    List<byte[]> records = Telemetry.dnsRecords();
    List<byte[]> first = records.subList(0, records.size() / 2);
    List<byte[]> second = records.subList(records.size() / 2, records.size());
    try (StreamDetection d =
        StreamDetection.builder(s).publishIndicators(node, () -> 7).postSightings(node).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      node.accept(docs);
      node.accept(ubuntu);
      await(
          "both indicators in the plan",
          () -> d.planHolds(docs.id().text()) && d.planHolds(ubuntu.id().text()));
      produce(s, first, 0);
      await("a refused sighting", () -> d.counters().refused() > 0);
      // Sightings after the refused ones still reach the node: nothing retries them forever.
      produce(s, second, first.size());
      long ubuntuAll = Telemetry.matchesIn(records, ubuntu);
      await("ubuntu's sightings posted", () -> node.count(ubuntu.id().text()) == ubuntuAll);
      assertThat(Telemetry.matchesIn(records, docs)).isPositive();
      assertThat(node.count(docs.id().text())).isZero();
      assertThat(d.failure()).isEmpty();
    }
  }

  @Test
  void anInstanceKilledMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
    StreamSettings topics = settings("kill", 4);
    publish(topics, Telemetry.indicators(), List.of());
    Map<String, String> expected = Telemetry.expected(Telemetry.indicators());
    StreamSettings s =
        InstanceProcess.settings(broker.bootstrapServers(), "kill", state.resolve("kill-a"));
    Process killed =
        InstanceProcess.start(broker.bootstrapServers(), "kill", state.resolve("kill-b"));
    try (StreamDetection survivor = StreamDetection.builder(s).start()) {
      assertThat(survivor.awaitRunning(PATIENCE)).isTrue();
      await(
          "the other instance running",
          () ->
              java.nio.file.Files.exists(state.resolve("kill-b.log"))
                  && read(state.resolve("kill-b.log")).contains("running"));
      List<byte[]> records = Telemetry.dnsRecords();
      produce(s, records.subList(0, records.size() / 3), 0);
      // kill -9 while the first third is being processed and the rest is still to come
      await("some sightings", () -> survivor.counters().records() > 1000);
      killed.destroyForcibly();
      killed.waitFor();
      produce(s, records.subList(records.size() / 3, records.size()), records.size() / 3);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      assertThat(survivor.failure()).isEmpty();
    } finally {
      killed.destroyForcibly();
    }
  }

  private static String read(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
