package org.wuzhen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixBundle;

/**
 * Parsing of the real ATT&CK bundles: bytes to JSON tree to STIX objects. One operation reads one
 * whole bundle; MB/s = file size x ops/s. The bundles are read from {@code -Dwuzhen.bench.data}
 * (default: the copies under stix/src/test/resources/data/attack).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class StixParseBenchmark {
  @Param({"ics-attack.json", "mobile-attack-17.1.json"})
  public String bundle;

  byte[] bytes;

  @Setup
  public void load() throws IOException {
    bytes = Files.readAllBytes(BenchData.attackDirectory().resolve(bundle));
  }

  @Benchmark
  public void parseJsonTree(Blackhole bh) {
    bh.consume(Json.parse(bytes));
  }

  @Benchmark
  public void parseBundle(Blackhole bh) {
    bh.consume(StixBundle.parse(bytes));
  }

  /** Where benchmark inputs live. */
  static final class BenchData {
    private BenchData() {}

    static Path attackDirectory() {
      return Path.of(
          System.getProperty("wuzhen.bench.data", "stix/src/test/resources/data/attack"));
    }
  }
}
