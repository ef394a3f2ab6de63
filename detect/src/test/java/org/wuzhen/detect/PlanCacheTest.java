package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wuzhen.detect.Fixtures.indicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;

/**
 * A plan saved by {@link PlanCache} and read back answers exactly as the plan compiled: on random
 * indicators and events (the engine-versus-evaluator generator), and on the real logs; a damaged
 * file is never used, and only a fixed source with the same digest gets a saved plan.
 */
class PlanCacheTest {
  private static final List<String> TYPES =
      List.of(
          "ipv4-addr",
          "ipv6-addr",
          "domain-name",
          "url",
          "file",
          "network-traffic",
          "x509-certificate",
          "email-addr",
          "process");

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private DetectionEngine roundTrip(DetectionEngine engine) {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    byte[] digest = new byte[32];
    new Random(engine.report().total()).nextBytes(digest);
    cache.save(digest, engine);
    DetectionEngine loaded = cache.load(digest).orElseThrow();
    assertThat(warnings).isEmpty();
    assertThat(loaded).isNotSameAs(engine);
    assertThat(loaded.report()).isEqualTo(engine.report());
    for (String type : TYPES) {
      assertThat(loaded.observableTypes().wants(type))
          .as(type)
          .isEqualTo(engine.observableTypes().wants(type));
    }
    return loaded;
  }

  private static List<String> ids(List<Match> matches) {
    return matches.stream().map(Match::indicatorId).toList();
  }

  @Test
  void aSavedPlanMatchesEveryRandomEventAsTheCompiledOne() {
    long matches = 0;
    long multi = 0;
    for (long seed = 1; seed <= 150; seed++) {
      Random r = new Random(seed);
      List<StixObject> indicators = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        indicators.add(indicator(i, EngineAgreesWithEvaluatorTest.observationExpression(r)));
      }
      // A revoked one, rejected ones, a superseded version, a bound.
      indicators.add(indicator(30, "[ipv4-addr:value = '10.0.0.1']", "\"revoked\":true"));
      indicators.add(indicator(31, "[ipv4-addr:value = ]"));
      indicators.add(indicator(32, "[domain-name:value = 'old.example']"));
      indicators.add(
          indicator(
              32,
              "[domain-name:value = 'example.org']",
              "\"modified\":\"2024-02-01T00:00:00.000Z\"",
              "\"valid_until\":\"2030-01-01T00:00:00.5Z\""));
      indicators.add(indicator(33, "[ipv4-addr:value = '10.0.0.2']", "\"pattern_type\":\"sigma\""));
      DetectionEngine compiled = DetectionEngine.compile(indicators);
      DetectionEngine loaded = roundTrip(compiled);
      for (int e = 0; e < 25; e++) {
        Event event = EngineAgreesWithEvaluatorTest.event(r, e);
        List<String> expected = ids(compiled.match(event));
        assertThat(ids(loaded.match(event))).as("seed %d, event %d", seed, e).isEqualTo(expected);
        assertThat(loaded.multiCandidates(event))
            .as("seed %d, event %d", seed, e)
            .isEqualTo(compiled.multiCandidates(event));
        matches += expected.size();
        multi += compiled.multiCandidates(event).cardinality();
      }
    }
    assertThat(matches).as("not vacuous").isGreaterThan(2_000);
    assertThat(multi).as("not vacuous").isGreaterThan(100);
  }

  @Test
  void aSavedPlanReadsTheRealLogsAsTheCompiledOne() {
    DetectionEngine compiled =
        LineRateReadingTest.plan(
            "[domain-name:value = 'ise.wrccdc.org'] FOLLOWEDBY [ipv4-addr:value = '134.71.3.16']",
            "[network-traffic:dst_port = 53]",
            "[domain-name:value LIKE 'www%']",
            "[domain-name:value LIKE '%cpp%']");
    DetectionEngine loaded = roundTrip(compiled);
    for (String log : List.of("dns.json", "ssl.json", "x509.json")) {
      byte[] content =
          switch (log) {
            case "dns.json" -> LineRateReadingTest.DNS;
            case "ssl.json" -> LineRateReadingTest.SSL;
            default -> LineRateReadingTest.X509;
          };
      LineRateDifferential.Outcome expected = LineRateDifferential.lineRate(log, content, compiled);
      LineRateDifferential.Outcome actual = LineRateDifferential.lineRate(log, content, loaded);
      assertThat(actual.matches()).as(log).isEqualTo(expected.matches());
      assertThat(actual.unmatched()).as(log).isEqualTo(expected.unmatched());
      assertThat(actual.report()).as(log).isEqualTo(expected.report());
    }
  }

  @Test
  void aPlanLargerThanTheReadingWindowComesBackWhole() throws IOException {
    List<StixObject> indicators = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      indicators.add(
          indicator(
              i,
              switch (i % 3) {
                case 0 -> "[domain-name:value = 'host-" + i + ".example.org']";
                case 1 ->
                    "[ipv4-addr:value = '10."
                        + (i >> 16)
                        + "."
                        + (i >> 8 & 255)
                        + "."
                        + (i & 255)
                        + "']";
                default ->
                    "[ipv4-addr:value ISSUBSET '11." + (i >> 8 & 255) + "." + (i & 255) + ".0/24']";
              }));
    }
    DetectionEngine compiled = DetectionEngine.compile(indicators);
    DetectionEngine loaded = roundTrip(compiled);
    Path file = dir.resolve(dir.toFile().list()[0]);
    assertThat(Files.size(file)).as("several windows").isGreaterThan(3L * PlanFile.In.WINDOW);
    for (int i = 0; i < 60_000; i += 7) {
      Event event =
          Fixtures.event(
              Fixtures.domain("host-" + i + ".example.org"),
              Fixtures.ip("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255)),
              Fixtures.ip("11." + (i >> 8 & 255) + "." + (i & 255) + ".9"));
      List<String> expected = ids(compiled.match(event));
      assertThat(expected).isNotEmpty();
      assertThat(ids(loaded.match(event))).as("event %d", i).isEqualTo(expected);
      // The filter saved with the plan, which the raw readers probe first, holds every key.
      String domain = "host-" + i + ".example.org";
      String address = "10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255);
      if (i % 3 != 2) {
        String key = i % 3 == 0 ? domain : address;
        assertThat(loaded.exactKeys().mayHold(key.hashCode())).as(key).isTrue();
      }
    }

    byte[] good = Files.readAllBytes(file);
    byte[] flipped = good.clone();
    flipped[good.length - 2 * PlanFile.In.WINDOW - 3] ^= 0x01;
    Files.write(file, flipped);
    byte[] digest = new byte[32];
    new Random(compiled.report().total()).nextBytes(digest);
    assertThat(PlanCache.in(dir, warnings::add).load(digest)).isEmpty();
    assertThat(warnings).singleElement().asString().contains("checksum");
  }

  /** Saves the plan of {@link LineRateReadingTest#PRESENT} under {@code digest}; its file. */
  private static Path saved(PlanCache cache, byte[] digest) {
    assertThat(cache.save(digest, LineRateReadingTest.PRESENT)).isTrue();
    return cache.file(digest);
  }

  @Test
  void aDamagedOrForeignPlanFileIsNotUsedAndSaysWhy() throws IOException {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    byte[] digest = new byte[32];
    Path file = saved(cache, digest);
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    Files.write(file, flipped);
    assertThat(cache.load(digest)).isEmpty();
    assertThat(warnings.getLast()).contains(file.toString()).contains("checksum");

    Files.write(file, Arrays.copyOf(good, good.length - 100));
    assertThat(cache.load(digest)).isEmpty();
    assertThat(warnings.getLast()).contains("checksum");

    Files.write(file, new byte[] {1, 2, 3});
    assertThat(cache.load(digest)).isEmpty();
    assertThat(warnings.getLast()).contains("only 3 bytes");

    byte[] other = new byte[32];
    other[0] = 1;
    Files.write(cache.file(other), good);
    assertThat(cache.load(other)).isEmpty();
    assertThat(warnings.getLast()).contains("made for another input");

    assertThat(cache.load(new byte[] {9})).as("none saved: no warning").isEmpty();
    assertThat(warnings).hasSize(4);
    Files.write(file, good);
    assertThat(cache.load(digest)).isPresent();
  }

  @Test
  void aPlanOfAnotherFormatIsNeverReadAsThisOne() throws IOException {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    byte[] digest = new byte[32];
    Path file = saved(cache, digest);
    byte[] good = Files.readAllBytes(file);
    assertThat(file.getFileName().toString()).startsWith("plan-v" + PlanFiles.FORMAT + "-");

    // An older build's plan has its own name: not looked for, so the plan is compiled again.
    String name = file.getFileName().toString();
    Path older =
        dir.resolve(
            name.replace(
                "plan-v" + PlanFiles.FORMAT + "-", "plan-v" + (PlanFiles.FORMAT - 1) + "-"));
    Files.move(file, older);
    assertThat(cache.load(digest)).isEmpty();
    assertThat(warnings).as("nothing saved under this format's name").isEmpty();

    // Under this format's name, with another format in its header and a valid checksum: refused.
    byte[] relabelled = good.clone();
    int at = "wuzhen-plan\n".length();
    java.nio.ByteBuffer.wrap(relabelled).putInt(at, PlanFiles.FORMAT - 1);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(relabelled, 0, relabelled.length - 8);
    java.nio.ByteBuffer.wrap(relabelled).putLong(relabelled.length - 8, crc.getValue());
    Files.write(file, relabelled);
    assertThat(cache.load(digest)).isEmpty();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("format " + (PlanFiles.FORMAT - 1) + ", expected " + PlanFiles.FORMAT)
        .contains("compiling the indicators");
    Files.write(file, good);
    assertThat(cache.load(digest)).isPresent();
  }

  @Test
  void anUnwritableCacheIsAWarningAndTheRunGoesOn() throws Exception {
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x");
    CountingSource source = new CountingSource(new byte[] {1});
    LiveDetection run = start(source, PlanCache.in(notADirectory, warnings::add));
    assertThat(run.report().indexed()).isEqualTo(LineRateReadingTest.present().size());
    assertThat(warnings).singleElement().asString().contains("not saved");
  }

  @Test
  void aFixedSourceIsCompiledOnceAndAChangedOneAgain() throws Exception {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    CountingSource first = new CountingSource(new byte[] {1, 2, 3});
    CompileReport report = start(first, cache).report();
    assertThat(first.loads).hasValue(1);

    CountingSource same = new CountingSource(new byte[] {1, 2, 3});
    LiveDetection again = start(same, cache);
    assertThat(same.loads).as("the saved plan is used").hasValue(0);
    assertThat(again.report()).isEqualTo(report);
    List<ReadReport> reports =
        again.read(
            List.of(
                new TelemetryInput.Opened(
                    "dns.json", new java.io.ByteArrayInputStream(LineRateReadingTest.DNS))));
    assertThat(reports.getFirst().events()).isEqualTo(53_615);
    assertThat(again.finish().matches()).isPositive();

    CountingSource changed = new CountingSource(new byte[] {1, 2, 4});
    start(changed, cache);
    assertThat(changed.loads).hasValue(1);

    CountingSource changing = new CountingSource(null);
    start(changing, cache);
    start(changing, cache);
    assertThat(changing.loads).as("no digest: compiled every time").hasValue(2);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aLookupBegunAheadIsTakenByTheRunOfThatSourceAndNoOther() throws Exception {
    Path file = dir.resolve("indicators.bin");
    Files.write(file, new byte[] {7, 7, 7});
    // Never settled: the file is hashed at every lookup, so each hash shows who looked.
    PlanCache cache = PlanCache.in(dir.resolve("plans"), warnings::add, Duration.ofDays(1));
    FileSource compiling = new FileSource(file);
    CompileReport report = start(compiling, cache).report();
    assertThat(compiling.loads).hasValue(1);

    FileSource early = new FileSource(file);
    PlanCache ahead = cache.lookingAhead(early);
    LiveDetection run = start(early, ahead);
    assertThat(early.loads).as("the saved plan is used").hasValue(0);
    assertThat(early.hashedOn).as("hashed once, ahead").containsExactly("wuzhen-plan-lookahead");
    assertThat(run.report()).isEqualTo(report);

    FileSource other = new FileSource(file);
    start(other, ahead);
    assertThat(other.hashedOn)
        .as("another source is looked up by its run")
        .containsExactly(Thread.currentThread().getName());
    assertThat(early.hashedOn).hasSize(1);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aLookupBegunAheadThatFailsFailsTheRunWithItsError() throws Exception {
    Path file = dir.resolve("indicators.bin");
    Files.write(file, new byte[] {1});
    FileSource unreadable = new FileSource(file);
    unreadable.failure = "--indicators indicators.bin: no such file";
    PlanCache ahead = PlanCache.in(dir.resolve("plans"), warnings::add).lookingAhead(unreadable);
    ahead.awaitLookAhead(); // ended, its failure kept for the run
    assertThatThrownBy(() -> start(unreadable, ahead))
        .isInstanceOf(UnreadableInputException.class)
        .hasMessage("--indicators indicators.bin: no such file");
  }

  @Test
  void aSourceWithoutAFileIsNotLookedUpAhead() {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    assertThat(cache.lookingAhead(new CountingSource(new byte[] {1}))).isSameAs(cache);
  }

  private static LiveDetection start(IndicatorSource source, PlanCache cache)
      throws UnreadableInputException {
    return LiveDetection.start(
        Fixtures.zeekRun(Fixtures.sightings()),
        source,
        objects -> new SightingSink.Delivery.Accepted(),
        e -> {
          throw new AssertionError(e);
        },
        Optional.of(cache));
  }

  /**
   * As {@link CountingSource}, read from a file: its digest is the file's content, and each hash is
   * noted with the thread that made it.
   */
  private static final class FileSource implements IndicatorSource {
    private final Path file;
    final AtomicInteger loads = new AtomicInteger();
    final List<String> hashedOn = Collections.synchronizedList(new ArrayList<>());
    volatile String failure;

    FileSource(Path file) {
      this.file = file;
    }

    @Override
    public List<StixObject> load() {
      loads.incrementAndGet();
      return LineRateReadingTest.present();
    }

    @Override
    public Optional<byte[]> digest() throws UnreadableInputException {
      hashedOn.add(Thread.currentThread().getName());
      if (failure != null) {
        throw new UnreadableInputException(failure);
      }
      try {
        byte[] digest = new byte[32];
        byte[] content = Files.readAllBytes(file);
        System.arraycopy(content, 0, digest, 0, Math.min(32, content.length));
        return Optional.of(digest);
      } catch (IOException e) {
        throw new UnreadableInputException(e.getMessage());
      }
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(file);
    }
  }

  /** The plans of {@link LineRateReadingTest#present()}, counting how often they are read. */
  private static final class CountingSource implements IndicatorSource {
    private final byte[] digest;
    final AtomicInteger loads = new AtomicInteger();

    CountingSource(byte[] digest) {
      this.digest = digest;
    }

    @Override
    public List<StixObject> load() {
      loads.incrementAndGet();
      return LineRateReadingTest.present();
    }

    @Override
    public Optional<byte[]> digest() {
      return Optional.ofNullable(digest);
    }
  }
}
