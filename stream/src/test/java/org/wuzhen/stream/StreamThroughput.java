package org.wuzhen.stream;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.wuzhen.detect.ObservableTypes;
import org.wuzhen.detect.RecordReader;
import org.wuzhen.stix.StixObject;

/**
 * Throughput of the app on this machine (docs/benchmarks.md), not a test: a broker in this JVM, the
 * real DNS log produced {@code copies} times, {@code indicators} indicators in the plan; the app's
 * events/s against a parse-only consumer of the same topic, the plan's heap, and the propagation
 * and withdrawal times of an indicator. Arguments: copies indicators partitions.
 */
final class StreamThroughput {
  private StreamThroughput() {}

  public static void main(String[] args) throws Exception {
    int copies = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    int partitions = Integer.parseInt(args[2]);
    Path state = Files.createTempDirectory("wuzhen-stream-bench");
    try (KafkaBroker broker = KafkaBroker.start()) {
      String app = "bench";
      broker.createTopic(app + ".indicators", 1, true);
      broker.createTopic(app + ".zeek.dns", partitions, false);
      broker.createTopic(app + ".sightings", partitions, true);
      StreamSettings s =
          InstanceProcess.settings(broker.bootstrapServers(), app, state.resolve("a"));
      List<byte[]> log = Telemetry.dnsRecords();
      long events = (long) copies * log.size();
      try (KafkaProducer<String, byte[]> p = producer(broker)) {
        for (StixObject i : Telemetry.indicators()) {
          p.send(record(s.indicatorsTopic(), i));
        }
        for (int i = 0; i < count; i++) {
          p.send(
              record(
                  s.indicatorsTopic(),
                  Telemetry.indicator(
                      String.format("10000000-0000-4000-8000-%012d", i),
                      "[domain-name:value = 'host" + i + ".example.org']")));
        }
        for (int c = 0; c < copies; c++) {
          for (int i = 0; i < log.size(); i++) {
            p.send(new ProducerRecord<>(s.telemetry().get(0).topic(), "r" + i, log.get(i)));
          }
        }
      }
      double parseOnly = parseOnly(broker, s, events);
      System.gc();
      long heapBefore = usedHeap();
      long t0 = System.nanoTime();
      try (StreamDetection d = StreamDetection.builder(s).start()) {
        d.planTreeSize(); // the first compile (the base), as the first event would
        long ready = System.nanoTime();
        long cpu0 = cpu(); // from here: matching only (restore and compile excluded)
        System.gc();
        long heapPlan = usedHeap() - heapBefore;
        while (d.counters().records() < events) {
          Thread.sleep(20);
        }
        long t1 = System.nanoTime();
        long cpu1 = cpu();
        double appRate = events / ((t1 - ready) / 1e9);
        System.out.printf(
            "indicators=%d events=%d partitions=%d%n"
                + "start (plan restored and compiled): %.1f s, plan heap after GC: %d MB%n"
                + "parse-only consumer: %.0f events/s%n"
                + "app (1 instance, 1 thread): %.0f events/s, ratio %.2f%n"
                + "process CPU (broker included) %.1f s for %d events: %.1f CPU-s per million%n",
            count + 5,
            events,
            partitions,
            (ready - t0) / 1e9,
            heapPlan >> 20,
            parseOnly,
            appRate,
            appRate / parseOnly,
            (cpu1 - cpu0) / 1e9,
            events,
            (cpu1 - cpu0) / 1e9 / (events / 1e6));
        propagation(broker, s, d);
        compaction(broker, s, d);
      }
    }
  }

  /**
   * Indicator produced to the topic until the compiled plan matches it (the delta compiled, as the
   * next event would), and tombstone produced until it no longer does: 100 of each, one at a time.
   */
  private static void propagation(KafkaBroker broker, StreamSettings s, StreamDetection d)
      throws Exception {
    int n = 100;
    long[] add = new long[n];
    long[] withdraw = new long[n];
    try (KafkaProducer<String, byte[]> p = producer(broker)) {
      for (int i = 0; i < n; i++) {
        StixObject o =
            Telemetry.indicator(
                String.format("20000000-0000-4000-8000-%012d", i),
                "[domain-name:value = 'new" + i + ".example.org']");
        long t = System.nanoTime();
        p.send(record(s.indicatorsTopic(), o)).get();
        while (!d.planHolds(o.id().text())) {
          Thread.sleep(1);
        }
        d.planTreeSize(); // compiles the plan's delta, as the next event would
        add[i] = System.nanoTime() - t;
        t = System.nanoTime();
        p.send(new ProducerRecord<>(s.indicatorsTopic(), o.id().text(), (byte[]) null)).get();
        while (d.planHolds(o.id().text())) {
          Thread.sleep(1);
        }
        d.planTreeSize();
        withdraw[i] = System.nanoTime() - t;
      }
    }
    Arrays.sort(add);
    Arrays.sort(withdraw);
    System.out.printf(
        "indicator produced -> matching in the compiled plan: p50 %d ms, p99 %d ms, max %d ms"
            + " (%d samples)%n"
            + "tombstone produced -> out of the compiled plan: p50 %d ms, p99 %d ms, max %d ms%n"
            + "new base plans compiled in the background meanwhile: %d%n",
        add[n / 2] / 1_000_000,
        add[n * 99 / 100] / 1_000_000,
        add[n - 1] / 1_000_000,
        n,
        withdraw[n / 2] / 1_000_000,
        withdraw[n * 99 / 100] / 1_000_000,
        withdraw[n - 1] / 1_000_000,
        d.planCompactions());
  }

  /**
   * A burst of 5,000 new indicators (a delta past the threshold): the time to compile that delta,
   * propagation while the new base compiles in the background, and the time until it is installed.
   */
  private static void compaction(KafkaBroker broker, StreamSettings s, StreamDetection d)
      throws Exception {
    long before = d.planCompactions();
    StixObject last = null;
    try (KafkaProducer<String, byte[]> p = producer(broker)) {
      for (int i = 0; i < 5_000; i++) {
        last =
            Telemetry.indicator(
                String.format("40000000-0000-4000-8000-%012d", i),
                "[domain-name:value = 'burst" + i + ".example.org']");
        p.send(record(s.indicatorsTopic(), last));
      }
      p.flush();
      while (!d.planHolds(last.id().text())) {
        Thread.sleep(1);
      }
      long t = System.nanoTime();
      d.planTreeSize(); // the delta of 5,000, which starts the compaction
      long deltaCompile = System.nanoTime() - t;
      long started = System.nanoTime();
      List<Long> during = new java.util.ArrayList<>();
      for (int i = 0; d.planCompactions() == before; i++) {
        StixObject o =
            Telemetry.indicator(
                String.format("50000000-0000-4000-8000-%012d", i),
                "[domain-name:value = 'during" + i + ".example.org']");
        long u = System.nanoTime();
        p.send(record(s.indicatorsTopic(), o)).get();
        while (!d.planHolds(o.id().text())) {
          Thread.sleep(1);
        }
        d.planTreeSize();
        during.add(System.nanoTime() - u);
      }
      long compacted = System.nanoTime() - started;
      during.sort(null);
      System.out.printf(
          "burst of 5,000 new indicators: delta compiled in %d ms; new base of %d indicators"
              + " installed %d ms later (background)%n"
              + "propagation meanwhile: %d samples, p50 %d ms, max %d ms%n",
          deltaCompile / 1_000_000,
          d.planSize(),
          compacted / 1_000_000,
          during.size(),
          during.isEmpty() ? 0 : during.get(during.size() / 2) / 1_000_000,
          during.isEmpty() ? 0 : during.get(during.size() - 1) / 1_000_000);
    }
  }

  private static double parseOnly(KafkaBroker broker, StreamSettings s, long events) {
    RecordReader reader = RecordReader.zeek("dns", ObservableTypes.ALL);
    long n = 0;
    long t0 = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "group.id", "parse-only",
                "auto.offset.reset", "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of(s.telemetry().get(0).topic()));
      while (n < events) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          reader.read(r.value(), "x");
          n++;
        }
      }
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static ProducerRecord<String, byte[]> record(String topic, StixObject o) {
    RecordHeaders h = new RecordHeaders();
    h.add(PlanUpdater.TREE_SIZE_HEADER, "1".getBytes(StandardCharsets.US_ASCII));
    return new ProducerRecord<>(
        topic, null, o.id().text(), o.toJson().getBytes(StandardCharsets.UTF_8), h);
  }

  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", "20"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
