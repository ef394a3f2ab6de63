package org.wuzhen.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * Operations figures of the app on this machine (docs/benchmarks.md), not a test; a broker in this
 * JVM. Arguments: {@code latency RATE SECONDS INDICATORS}: end-to-end latency at a fixed offered
 * load (probe records, each matching an indicator of its own, among the real DNS log, from the
 * producer's send to the sighting readable read_committed on the sightings topic); {@code recovery
 * INDICATORS}: an instance in a JVM of its own killed with {@code kill -9} under load, and the time
 * until every partition's probes are sighted again; {@code scaling COPIES INDICATORS}: one instance
 * against two on a topic of two partitions.
 */
final class StreamOperations {
  private StreamOperations() {}

  public static void main(String[] args) throws Exception {
    Path state = Files.createTempDirectory("wuzhen-stream-ops");
    try (KafkaBroker broker = KafkaBroker.start()) {
      switch (args[0]) {
        case "latency" ->
            latency(
                broker,
                state,
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        case "recovery" -> recovery(broker, state, Integer.parseInt(args[1]));
        case "scaling" ->
            scaling(broker, state, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        default -> throw new IllegalArgumentException("latency, recovery or scaling");
      }
    }
  }

  private static StreamSettings topics(KafkaBroker broker, String app, int partitions, Path dir) {
    broker.createTopic(app + ".indicators", 1, true);
    broker.createTopic(app + ".zeek.dns", partitions, false);
    broker.createTopic(app + ".sightings", partitions, true);
    return InstanceProcess.settings(broker.bootstrapServers(), app, dir);
  }

  private static String probeId(int k) {
    return String.format("indicator--30000000-0000-4000-8000-%012d", k);
  }

  /** The test indicators, {@code count} that never match, and one per probe. */
  private static void indicators(KafkaBroker broker, StreamSettings s, int count, int probes)
      throws Exception {
    try (KafkaProducer<String, byte[]> p = producer(broker)) {
      List<StixObject> all = new ArrayList<>(Telemetry.indicators());
      for (int i = 0; i < count; i++) {
        all.add(
            Telemetry.indicator(
                String.format("10000000-0000-4000-8000-%012d", i),
                "[domain-name:value = 'host" + i + ".example.org']"));
      }
      for (int k = 0; k < probes; k++) {
        all.add(
            Telemetry.indicator(
                probeId(k).substring("indicator--".length()),
                "[domain-name:value = 'probe" + k + ".latency.example']"));
      }
      for (StixObject o : all) {
        RecordHeaders h = new RecordHeaders();
        h.add(PlanUpdater.TREE_SIZE_HEADER, "1".getBytes(StandardCharsets.US_ASCII));
        p.send(
            new ProducerRecord<>(
                s.indicatorsTopic(),
                null,
                o.id().text(),
                o.toJson().getBytes(StandardCharsets.UTF_8),
                h));
      }
      p.flush();
    }
  }

  /** A Zeek DNS record for probe {@code k}, at the current time. */
  private static byte[] probe(int k) {
    double ts = System.currentTimeMillis() / 1000.0;
    return ("{\"_path\":\"dns\",\"ts\":"
            + ts
            + ",\"uid\":\"Cprobe"
            + k
            + "\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5353,\"id.resp_h\":\"10.0.0.2\","
            + "\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"probe"
            + k
            + ".latency.example\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the sightings topic and notes when each probe's first sighting became readable. */
  private static final class Arrivals implements AutoCloseable {
    final Map<String, Long> first = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Arrivals(KafkaBroker broker, StreamSettings s) {
      thread =
          new Thread(
              () -> {
                try (KafkaConsumer<String, JsonValue> c =
                    new KafkaConsumer<>(
                        Map.of(
                            "bootstrap.servers",
                            broker.bootstrapServers(),
                            "group.id",
                            "arrivals-" + System.nanoTime(),
                            "auto.offset.reset",
                            "earliest",
                            "isolation.level",
                            "read_committed"),
                        new StringDeserializer(),
                        JsonSerde.INSTANCE.deserializer())) {
                  c.subscribe(List.of(s.sightingsTopic()));
                  while (running.get()) {
                    for (ConsumerRecord<String, JsonValue> r : c.poll(Duration.ofMillis(20))) {
                      long now = System.nanoTime();
                      JsonObject sighting = (JsonObject) ((JsonArray) r.value()).get(0);
                      first.putIfAbsent(sighting.string("sighting_of_ref").orElseThrow(), now);
                    }
                  }
                }
              },
              "arrivals");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  private static void latency(KafkaBroker broker, Path state, int rate, int seconds, int count)
      throws Exception {
    String app = "latency";
    StreamSettings s = topics(broker, app, 2, state.resolve("a"));
    int probes = seconds * 5;
    indicators(broker, s, count, probes);
    List<byte[]> log = Telemetry.dnsRecords();
    long[] sent = new long[probes];
    try (StreamDetection d = StreamDetection.builder(s).start();
        Arrivals arrivals = new Arrivals(broker, s);
        KafkaProducer<String, byte[]> p = producer(broker)) {
      d.awaitRunning(Duration.ofMinutes(5));
      d.planTreeSize();
      long start = System.nanoTime();
      long produced = 0;
      int k = 0;
      String topic = s.telemetry().get(0).topic();
      while (System.nanoTime() - start < seconds * 1_000_000_000L) {
        long elapsed = System.nanoTime() - start;
        // The offered load: rate records/s, sent in 10 ms steps; a probe every 200 ms.
        long due = elapsed * rate / 1_000_000_000L;
        for (; produced < due; produced++) {
          p.send(
              new ProducerRecord<>(topic, "r" + produced, log.get((int) (produced % log.size()))));
        }
        if (k < probes && elapsed >= k * 200_000_000L) {
          sent[k] = System.nanoTime();
          p.send(new ProducerRecord<>(topic, "p" + k, probe(k)));
          k++;
        }
        Thread.sleep(10);
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (arrivals.first.keySet().stream().filter(id -> id.startsWith("indicator--3")).count()
              < k
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long[] latency = new long[k];
      int seen = 0;
      for (int i = 0; i < k; i++) {
        Long at = arrivals.first.get(probeId(i));
        if (at != null) {
          latency[seen++] = at - sent[i];
        }
      }
      long[] l = Arrays.copyOf(latency, seen);
      Arrays.sort(l);
      System.out.printf(
          "offered %d records/s for %d s, %d indicators; %d of %d probes sighted%n"
              + "end-to-end (send -> sighting readable, read_committed): p50 %d ms, p99 %d ms,"
              + " max %d ms%n",
          rate,
          seconds,
          count + probes + 5,
          seen,
          k,
          l[seen / 2] / 1_000_000,
          l[Math.min(seen - 1, seen * 99 / 100)] / 1_000_000,
          l[seen - 1] / 1_000_000);
    }
  }

  private static void recovery(KafkaBroker broker, Path state, int count) throws Exception {
    String app = "recovery";
    int partitions = 4;
    StreamSettings s = topics(broker, app, partitions, state.resolve("a"));
    int probes = 400;
    indicators(broker, s, count, probes + partitions);
    Process killed = InstanceProcess.start(broker.bootstrapServers(), app, state.resolve("b"));
    List<byte[]> log = Telemetry.dnsRecords();
    try (StreamDetection survivor = StreamDetection.builder(s).start();
        Arrivals arrivals = new Arrivals(broker, s);
        KafkaProducer<String, byte[]> p = producer(broker)) {
      survivor.awaitRunning(Duration.ofMinutes(5));
      Path log1 = state.resolve("b.log");
      while (!Files.exists(log1) || !Files.readString(log1).contains("running")) {
        Thread.sleep(100);
      }
      String topic = s.telemetry().get(0).topic();
      // Warm-up: both instances have their partitions and compiled plans once a probe on every
      // partition is sighted.
      for (int q = 0; q < partitions; q++) {
        p.send(new ProducerRecord<>(topic, q, "w" + q, probe(probes + q)));
      }
      p.flush();
      for (int q = 0; q < partitions; q++) {
        while (!arrivals.first.containsKey(probeId(probes + q))) {
          Thread.sleep(50);
        }
      }
      long[] sent = new long[probes];
      int[] partitionOf = new int[probes];
      long killedAt = 0;
      long produced = 0;
      long start = System.nanoTime();
      for (int k = 0; k < probes; k++) {
        // 1,000 records/s of the log, and a probe every 100 ms, round robin over the partitions
        long elapsed = System.nanoTime() - start;
        for (; produced < elapsed / 1_000_000; produced++) {
          p.send(
              new ProducerRecord<>(topic, "r" + produced, log.get((int) (produced % log.size()))));
        }
        if (k == 100) {
          killed.destroyForcibly(); // SIGKILL
          killed.waitFor();
          killedAt = System.nanoTime();
        }
        partitionOf[k] = k % partitions;
        sent[k] = System.nanoTime();
        p.send(new ProducerRecord<>(topic, partitionOf[k], "p" + k, probe(k)));
        Thread.sleep(100);
      }
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (arrivals.first.keySet().stream().filter(id -> id.startsWith("indicator--3")).count()
              < probes + partitions
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long[] resumed = new long[partitions];
      Arrays.fill(resumed, Long.MAX_VALUE);
      long worstBefore = 0;
      int lost = 0;
      for (int k = 0; k < probes; k++) {
        Long at = arrivals.first.get(probeId(k));
        if (at == null) {
          lost++;
          continue;
        }
        if (k < 100) {
          worstBefore = Math.max(worstBefore, at - sent[k]);
        } else {
          resumed[partitionOf[k]] = Math.min(resumed[partitionOf[k]], at - killedAt);
        }
      }
      long recovery = Arrays.stream(resumed).max().orElseThrow();
      System.out.printf(
          "%d partitions, 2 instances, %d indicators, session.timeout.ms 6000;"
              + " kill -9 of one instance under 1,000 records/s%n"
              + "probes not sighted: %d of %d; worst probe latency before the kill: %d ms%n"
              + "kill -9 -> a probe sent after it sighted on every partition: %d ms%n",
          partitions,
          count + probes + 5,
          lost,
          probes,
          worstBefore / 1_000_000,
          recovery / 1_000_000);
    } finally {
      killed.destroyForcibly();
    }
  }

  private static void scaling(KafkaBroker broker, Path state, int copies, int count)
      throws Exception {
    List<byte[]> log = Telemetry.dnsRecords();
    long events = (long) copies * log.size();
    double[] rates = new double[2];
    for (int instances = 1; instances <= 2; instances++) {
      String app = "scale" + instances;
      StreamSettings s = topics(broker, app, 2, state.resolve(app + "-a"));
      indicators(broker, s, count, 0);
      try (KafkaProducer<String, byte[]> p = producer(broker)) {
        for (int c = 0; c < copies; c++) {
          for (int i = 0; i < log.size(); i++) {
            p.send(new ProducerRecord<>(s.telemetry().get(0).topic(), "r" + i, log.get(i)));
          }
        }
      }
      List<StreamDetection> running = new ArrayList<>();
      try {
        for (int i = 0; i < instances; i++) {
          running.add(
              StreamDetection.builder(s.withStateDirectory(state.resolve(app + "-" + i))).start());
        }
        for (StreamDetection d : running) {
          d.awaitRunning(Duration.ofMinutes(5));
          d.planTreeSize();
        }
        // from the moment every instance runs (the first may have begun before the second came)
        long t0 = System.nanoTime();
        long before = running.stream().mapToLong(d -> d.counters().records()).sum();
        while (running.stream().mapToLong(d -> d.counters().records()).sum() < events) {
          Thread.sleep(20);
        }
        rates[instances - 1] = (events - before) / ((System.nanoTime() - t0) / 1e9);
      } finally {
        running.forEach(StreamDetection::close);
      }
    }
    System.out.printf(
        "%d events, %d indicators, 2 partitions, broker and instances in one JVM on 2 cores%n"
            + "1 instance: %.0f events/s; 2 instances: %.0f events/s; efficiency %.2f%n",
        events, count + 5, rates[0], rates[1], rates[1] / (2 * rates[0]));
  }

  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", "5"),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
