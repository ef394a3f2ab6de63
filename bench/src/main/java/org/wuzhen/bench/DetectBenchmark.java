package org.wuzhen.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.Match;
import org.wuzhen.stix.StixObject;

/**
 * Detection over real Zeek logs against the parse-only baseline, in the same run. One operation
 * reads every input file (gzip included) into events: {@code parseOnly} hands each event to a
 * Blackhole, {@code detect} also matches it against an engine of {@code indicators} compiled
 * indicators ({@link IndicatorSet}, seeded). The counters {@code events} and {@code bytes}
 * (uncompressed input) are reported per second, single-threaded: per core. Input: {@code
 * -Dwuzhen.detect.input=a.json.gz,b.json.gz}; IPsum feed: {@code -Dwuzhen.ipsum=PATH}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class DetectBenchmark {
  static final String IPSUM = "/work/shared/data/ipsum/ipsum.txt";
  static final long SEED = 20261125L;
  static final int PRESENT_PER_KIND = 120;

  /** The input files, shared by both benchmarks. */
  @State(Scope.Benchmark)
  public static class Input {
    TelemetryInput telemetry;

    @Setup(Level.Trial)
    public void load() throws IOException {
      telemetry = TelemetryInput.load();
    }
  }

  /** An engine compiled once per trial; the indicator objects are dropped after compiling. */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param({"1000", "100000", "1000000"})
    public int indicators;

    DetectionEngine engine;

    @Setup(Level.Trial)
    public void compile(Input input) throws IOException {
      List<StixObject> set =
          IndicatorSet.generate(
              indicators,
              Path.of(System.getProperty("wuzhen.ipsum", IPSUM)),
              input.telemetry.present(PRESENT_PER_KIND),
              SEED);
      engine = DetectionEngine.compile(set);
      set = null;
      // The million parsed indicators are garbage now: collect them before measuring, not during.
      System.gc();
    }
  }

  /** Events and uncompressed bytes read, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public long events;
    public long bytes;
    public long matches;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
      bytes = 0;
      matches = 0;
    }
  }

  @Benchmark
  public void parseOnly(Input input, Throughput counted, Blackhole sink) throws IOException {
    counted.events += input.telemetry.read(sink::consume);
    counted.bytes += input.telemetry.uncompressedBytes();
  }

  @Benchmark
  public void detect(Input input, Engine engine, Throughput counted, Blackhole sink)
      throws IOException {
    long[] matches = {0};
    counted.events +=
        input.telemetry.read(
            e -> {
              List<Match> found = engine.engine.match(e);
              matches[0] += found.size();
              sink.consume(found);
            });
    counted.bytes += input.telemetry.uncompressedBytes();
    counted.matches += matches[0];
  }
}
