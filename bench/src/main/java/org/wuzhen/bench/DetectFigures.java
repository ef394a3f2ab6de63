package org.wuzhen.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wuzhen.detect.CompileReport;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.stix.StixObject;

/**
 * Compile time and retained heap of the detection engine, per indicator count, and the matches it
 * finds in the benchmark input. For each count: the indicator objects are generated and measured on
 * their own, then compiled {@code runs} times while held; compile time is the median run, and the
 * engine's heap is the used heap after a full collection with the engine held, minus the same
 * without it (the median over the runs). Run: {@code java -cp bench/target/benchmarks.jar
 * org.wuzhen.bench.DetectFigures [runs] [counts...]}.
 */
public final class DetectFigures {
  private DetectFigures() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int[] counts =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1_000, 100_000, 1_000_000};
    TelemetryInput input = TelemetryInput.load();
    IndicatorSet.Present present = input.present(DetectBenchmark.PRESENT_PER_KIND);
    System.out.printf(
        "input: %s, %d events, %.1f MB uncompressed; %d present values%n",
        input.names(), input.events(), input.uncompressedBytes() / 1e6, present.size());
    System.out.println(
        "indicators | list heap B/ind | compile ms (median) | engine heap B/ind | report | matches");
    for (int n : counts) {
      measure(n, runs, input, present);
    }
  }

  private static void measure(int n, int runs, TelemetryInput input, IndicatorSet.Present present)
      throws IOException {
    long before = usedAfterGc();
    List<StixObject> set =
        IndicatorSet.generate(
            n,
            Path.of(System.getProperty("wuzhen.ipsum", DetectBenchmark.IPSUM)),
            present,
            DetectBenchmark.SEED);
    long withList = usedAfterGc();
    long[] millis = new long[runs];
    long[] heap = new long[runs];
    long[] cpu = new long[runs];
    DetectionEngine engine = null;
    for (int run = 0; run < runs; run++) {
      engine = null;
      long base = usedAfterGc();
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      engine = DetectionEngine.compile(set);
      millis[run] = (System.nanoTime() - start) / 1_000_000;
      cpu[run] = (processCpuNanos() - cpuStart) / 1_000_000;
      heap[run] = usedAfterGc() - base;
    }
    CompileReport report = engine.report();
    long[] matches = {0};
    DetectionEngine held = engine;
    input.read(e -> matches[0] += held.match(e).size());
    String throughput = throughput(held, input);
    System.out.printf(
        "%,d | %d | %d (runs %s; process CPU ms %s) | %d | indexed %d, fallback %d, rejected %d"
            + " | %,d%n",
        n,
        (withList - before) / n,
        median(millis),
        Arrays.toString(millis),
        Arrays.toString(cpu),
        median(heap) / n,
        report.indexed(),
        report.fallback(),
        report.rejected().size(),
        matches[0]);
    if (!throughput.isEmpty()) {
      System.out.println("  " + throughput);
    }
    if (!report.rejected().isEmpty()) {
      System.out.println("  first rejected: " + report.rejected().getFirst());
    }
    keep(set);
  }

  /**
   * A quick look at events/s, parse only and with detection, best of {@code
   * -Dwuzhen.figures.passes} (default 0: skipped) passes each; the JMH benchmark is the
   * measurement.
   */
  private static String throughput(DetectionEngine engine, TelemetryInput input)
      throws IOException {
    int passes = Integer.getInteger("wuzhen.figures.passes", 0);
    if (passes == 0) {
      return "";
    }
    long parse = Long.MAX_VALUE;
    long detect = Long.MAX_VALUE;
    long[] sink = {0};
    for (int i = 0; i < passes; i++) {
      long start = System.nanoTime();
      input.read(e -> sink[0] += e.objects().size());
      parse = Math.min(parse, System.nanoTime() - start);
      start = System.nanoTime();
      input.read(e -> sink[0] += engine.match(e).size());
      detect = Math.min(detect, System.nanoTime() - start);
    }
    return String.format(
        "events/s parse only %,.0f, with detection %,.0f (ratio %.2f)",
        input.events() * 1e9 / parse, input.events() * 1e9 / detect, parse / (double) detect);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static final List<Object> KEPT = new ArrayList<>();

  /** Holds the object until here, so the collector cannot drop it before the measurement. */
  private static void keep(Object o) {
    KEPT.add(o);
    KEPT.clear();
  }

  /** CPU time of the whole process (every thread, the collector's too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
