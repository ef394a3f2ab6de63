package org.wuzhen.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.wuzhen.pattern.ObservedData;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.PatternEvaluator;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;

/**
 * The reference evaluator on a realistic mix: {@value #OBSERVATIONS} observed-data objects (DNS
 * lookups, connections with their addresses, downloaded files; a fixed seed) against {@value
 * #PATTERN_COUNT} patterns of the shapes members publish (single values, CIDRs, LIKE, MATCHES,
 * AND/OR inside brackets, multi-observation AND/FOLLOWEDBY with WITHIN, REPEATS). One operation
 * evaluates every pattern over every observation: (patterns x observations)/s = ops/s x {@value
 * #PATTERN_COUNT} x {@value #OBSERVATIONS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class PatternEvaluatorBenchmark {
  static final int OBSERVATIONS = 200;
  static final int PATTERN_COUNT = 12;

  static final String[] PATTERNS = {
    "[ipv4-addr:value = '198.51.100.77']",
    "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
    "[domain-name:value LIKE '%.evil.example']",
    "[domain-name:value MATCHES '^c2-[0-9]+\\\\.bad\\\\.example$']",
    "[file:hashes.'SHA-256' = 'aa00000000000000000000000000000000000000000000000000000000000001']",
    "[network-traffic:dst_ref.value = '198.51.100.9' AND network-traffic:dst_port = 443]",
    "[network-traffic:dst_port IN (4444, 5555, 6666) OR network-traffic:src_port = 31337]",
    "[file:name = 'payload.exe' AND file:size > 100000]",
    "[domain-name:value = 'c2-7.bad.example'] AND [ipv4-addr:value = '203.0.113.7'] WITHIN 300"
        + " SECONDS",
    "[domain-name:value LIKE 'c2-%'] FOLLOWEDBY [network-traffic:dst_port = 4444] WITHIN 600"
        + " SECONDS",
    "[domain-name:value LIKE '%.evil.example'] REPEATS 3 TIMES",
    "[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8' AND ipv4-addr:value ISSUBSET '203.0.113.0/24']"
        + " START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00Z'"
  };

  List<Pattern> patterns;
  List<ObservedData> observations;
  PatternEvaluator evaluator;

  @Setup
  public void build() {
    patterns = new ArrayList<>();
    for (String p : PATTERNS) {
      patterns.add(Patterns.parse(p));
    }
    observations = ObservedData.fromBundle(observationBundle(new Random(42)));
    evaluator = new PatternEvaluator();
  }

  @Benchmark
  public void evaluateAll(Blackhole bh) {
    for (Pattern p : patterns) {
      bh.consume(evaluator.evaluate(p, observations));
    }
  }

  static JsonValue observationBundle(Random random) {
    List<JsonValue> objects = new ArrayList<>();
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < OBSERVATIONS; i++) {
      Instant t = start.plusSeconds(i * 37L);
      List<JsonValue> refs = new ArrayList<>();
      switch (i % 3) {
        case 0 -> {
          String domain =
              random.nextInt(10) == 0
                  ? "c2-" + random.nextInt(20) + ".bad.example"
                  : "host"
                      + random.nextInt(1000)
                      + (random.nextBoolean() ? ".evil.example" : ".example.org");
          refs.add(
              sco(objects, JsonObject.builder().put("type", "domain-name").put("value", domain)));
        }
        case 1 -> {
          String ip =
              random.nextBoolean()
                  ? "203.0.113." + random.nextInt(256)
                  : "198.51.100." + random.nextInt(256);
          JsonString dst =
              sco(objects, JsonObject.builder().put("type", "ipv4-addr").put("value", ip));
          refs.add(dst);
          refs.add(
              sco(
                  objects,
                  JsonObject.builder()
                      .put("type", "network-traffic")
                      .put("dst_ref", dst)
                      .put("src_port", 1024 + random.nextInt(60000))
                      .put("dst_port", new int[] {80, 443, 4444, 53}[random.nextInt(4)])
                      .put("protocols", new JsonArray(List.of(new JsonString("tcp"))))));
        }
        default -> {
          String hash = String.format("aa%062x", random.nextInt(5));
          refs.add(
              sco(
                  objects,
                  JsonObject.builder()
                      .put("type", "file")
                      .put("name", random.nextBoolean() ? "payload.exe" : "report.pdf")
                      .put("size", random.nextInt(500_000))
                      .put("hashes", JsonObject.builder().put("SHA-256", hash).build())));
        }
      }
      objects.add(
          JsonObject.builder()
              .put("type", "observed-data")
              .put("spec_version", "2.1")
              .put("id", String.format("observed-data--00000000-0000-4000-8000-%012d", i))
              .put("created", t.toString())
              .put("modified", t.toString())
              .put("first_observed", t.toString())
              .put("last_observed", t.plusSeconds(5).toString())
              .put("number_observed", 1)
              .put("object_refs", new JsonArray(refs))
              .build());
    }
    return new JsonArray(objects);
  }

  /** Adds an SCO with its deterministic id and returns that id for use as a reference. */
  private static JsonString sco(List<JsonValue> objects, JsonObject.Builder builder) {
    JsonObject partial = builder.build();
    String id = ScoIds.compute(partial).orElseThrow().text();
    objects.add(partial.with("id", new JsonString(id)).with("spec_version", new JsonString("2.1")));
    return new JsonString(id);
  }
}
