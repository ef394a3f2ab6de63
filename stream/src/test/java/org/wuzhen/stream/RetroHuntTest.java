package org.wuzhen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.wuzhen.detect.TelemetryFormat;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * Retro-hunting against a real broker (KRaft, in this JVM): telemetry produced before an indicator
 * exists is matched against it when it arrives, within the look-back, and each record counts once.
 */
class RetroHuntTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Duration LOOKBACK = Duration.ofHours(1);
  private static final Duration SLOW_PACE = Duration.ofSeconds(10);
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
    broker.createTopic(app + ".indicators", 1, true);
    broker.createTopic(app + ".zeek.dns", partitions, false);
    broker.createTopic(app + ".sightings", partitions, true);
    return new StreamSettings(
        broker.bootstrapServers(),
        app,
        app + ".indicators",
        app + ".sightings",
        List.of(new TelemetryTopic(app + ".zeek.dns", new TelemetryFormat.Zeek(), "dns")),
        Telemetry.OPTIONS,
        1,
        java.util.Optional.of(state.resolve(app)),
        Duration.ofMillis(200),
        LOOKBACK,
        StreamSettings.DEFAULT_RETRO_HUNT_INTERVAL,
        Map.of());
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", "5"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void publish(StreamSettings s, StixObject indicator, String isNew) {
    RecordHeaders h = new RecordHeaders();
    h.add(PlanUpdater.TREE_SIZE_HEADER, "21".getBytes(StandardCharsets.US_ASCII));
    if (isNew != null) {
      h.add(PlanUpdater.NEW_HEADER, isNew.getBytes(StandardCharsets.US_ASCII));
    }
    try (KafkaProducer<String, byte[]> p = producer()) {
      p.send(
          new ProducerRecord<>(
              s.indicatorsTopic(),
              null,
              indicator.id().text(),
              indicator.toJson().getBytes(StandardCharsets.UTF_8),
              h));
    }
  }

  /** Produces records with the given record timestamp, keyed to spread over the partitions. */
  private static void produce(StreamSettings s, List<byte[]> records, int first, long timestamp) {
    try (KafkaProducer<String, byte[]> p = producer()) {
      for (int i = 0; i < records.size(); i++) {
        p.send(
            new ProducerRecord<>(
                s.telemetry().get(0).topic(), null, timestamp, "r" + (first + i), records.get(i)));
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
  void anIndicatorNewToThePlanIsHuntedWithinTheLookBackAndEachRecordCountsOnce() throws Exception {
    StreamSettings s = settings("retro", 3);
    StixObject ubuntu = Telemetry.indicators().get(0);
    StixObject docs = Telemetry.indicators().get(1);
    StixObject oompa = Telemetry.indicators().get(2);
    List<byte[]> records = Telemetry.dnsRecords();
    List<byte[]> old = records.subList(0, 10_000);
    List<byte[]> recent = records.subList(10_000, 30_000);
    List<byte[]> later = records.subList(30_000, records.size());
    // Each part holds matches of docs: not hunting the old part, or hunting a record twice, shows.
    assertThat(Telemetry.matchesIn(old, docs)).isPositive();
    assertThat(Telemetry.matchesIn(recent, docs)).isPositive();
    assertThat(Telemetry.matchesIn(later, docs)).isPositive();
    publish(s, ubuntu, "true");
    publish(s, oompa, "true");
    long now = System.currentTimeMillis();
    try (StreamDetection d = StreamDetection.builder(s).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      produce(s, old, 0, now - LOOKBACK.toMillis() * 3);
      produce(s, recent, old.size(), now);
      await("the records before the indicator", () -> d.counters().records() == 30_000);

      publish(s, docs, "true");
      // Every partition is idle: each switches to the new plan after its last record.
      await("the hunt of the recent records", () -> d.counters().retroHunted() == recent.size());
      produce(s, later, 30_000, System.currentTimeMillis());

      Map<String, String> expected = new TreeMap<>(Telemetry.expected(List.of(ubuntu, oompa)));
      expected.putAll(Telemetry.expected(List.of(docs), records.subList(10_000, records.size())));
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      await("every record", () -> d.counters().records() == records.size());
      assertThat(d.counters().retroHunted()).isEqualTo(recent.size());
      assertThat(d.counters().retroMatches()).isEqualTo(Telemetry.matchesIn(recent, docs));
      assertThat(d.counters().retroHunts()).isEqualTo(3);
      assertThat(d.failure()).isEmpty();
    }
    // Read again once all is done: nothing came after (no record counted twice).
    Map<String, String> expected = new TreeMap<>(Telemetry.expected(List.of(ubuntu, oompa)));
    expected.putAll(Telemetry.expected(List.of(docs), records.subList(10_000, records.size())));
    assertThat(readToEnd(s)).isEqualTo(expected);
  }

  /** The newest version of each sighting, the whole committed topic read. */
  private static Map<String, String> readToEnd(StreamSettings s) {
    List<JsonValue> values = new ArrayList<>();
    try (KafkaConsumer<String, JsonValue> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            JsonSerde.INSTANCE.deserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions =
          c.partitionsFor(s.sightingsTopic()).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(partitions);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("reading the sightings").isLessThan(deadline);
        for (ConsumerRecord<String, JsonValue> r : c.poll(Duration.ofMillis(250))) {
          values.add(r.value());
        }
      }
    }
    return Telemetry.tallies(values);
  }

  @Test
  void aHuntCutByARestartResumesWhereItsLastCommitLeftIt() throws Exception {
    StreamSettings s = settings("resume", 3);
    StixObject docs = Telemetry.indicators().get(1);
    List<byte[]> records = Telemetry.dnsRecords().subList(0, 50_000);
    List<byte[]> old = records.subList(0, 10_000);
    List<byte[]> recent = records.subList(10_000, records.size());
    long now = System.currentTimeMillis();
    // Each partition's hunt needs three chunks of 5,000; at one chunk per 10 s the instance is
    // closed after its first chunks and long before any second one, however slow the close.
    StreamDetection d1 = StreamDetection.builder(s.withRetroHuntInterval(SLOW_PACE)).start();
    try (StreamDetection d = d1) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      produce(s, old, 0, now - LOOKBACK.toMillis() * 3);
      produce(s, recent, old.size(), now);
      await("the records before the indicator", () -> d.counters().records() == records.size());
      publish(s, docs, "true");
      await("the hunts recorded", () -> d.counters().retroHunts() == 3);
      await("a first chunk hunted", () -> d.counters().retroHunted() > 0);
    } // closed: what it hunted is committed with the hunts' progress
    long huntedBefore = d1.counters().retroHunted();
    assertThat(huntedBefore).isPositive().isLessThan(recent.size());
    try (StreamDetection d =
        StreamDetection.builder(s.withStateDirectory(state.resolve("resume-again"))).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      Map<String, String> expected = Telemetry.expected(List.of(docs), recent);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      await("the hunts finished", () -> huntedTotal(d, huntedBefore) >= recent.size());
      assertThat(d.counters().retroHunted()).isPositive();
      assertThat(huntedTotal(d, huntedBefore)).isEqualTo(recent.size());
      assertThat(d.counters().retroHunts()).isZero(); // resumed, not started again
    }
    assertThat(readToEnd(s)).isEqualTo(Telemetry.expected(List.of(docs), recent));
  }

  private static long huntedTotal(StreamDetection d, long before) {
    return before + d.counters().retroHunted();
  }

  @Test
  void aNewVersionOfAnIndicatorInThePlanIsNotHunted() throws Exception {
    StreamSettings s = settings("version", 2);
    StixObject docs = Telemetry.indicators().get(1);
    List<byte[]> records = Telemetry.dnsRecords().subList(0, 20_000);
    publish(s, docs, "true");
    try (StreamDetection d = StreamDetection.builder(s).start()) {
      assertThat(d.awaitRunning(PATIENCE)).isTrue();
      produce(s, records, 0, System.currentTimeMillis());
      await("the records", () -> d.counters().records() == records.size());
      StixObject newer =
          Telemetry.indicator(
              "00000000-0000-4000-8000-000000000002",
              "[domain-name:value = 'docs.google.com']",
              "2024-03-01T00:00:00.000Z",
              false);
      publish(s, newer, "false");
      await("both partitions on the new plan", () -> d.counters().planSwitches() == 2);
      Map<String, String> expected = Telemetry.expected(List.of(docs), records);
      assertThat(readTallies(s, expected)).isEqualTo(expected);
      assertThat(d.counters().retroHunts()).isZero();
      assertThat(d.counters().retroHunted()).isZero();
    }
  }
}
