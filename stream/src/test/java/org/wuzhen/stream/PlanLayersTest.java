package org.wuzhen.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.Match;
import org.wuzhen.detect.ObservableTypes;
import org.wuzhen.detect.RecordReader;
import org.wuzhen.stix.StixObject;

/**
 * The plan in layers (base, masked ids, delta; compactions in the background) against one engine
 * compiled from every current indicator, after random sequences of additions, new versions,
 * revocations and tombstones, with compactions run at random points, updates arriving while they
 * run.
 */
class PlanLayersTest {
  /** Patterns over values of the real DNS log, single- and multi-observation. */
  private static final List<String> PATTERNS =
      List.of(
          "[domain-name:value = 'videosearch.ubuntu.com']",
          "[domain-name:value = 'docs.google.com']",
          "[domain-name:value LIKE '%.oompa.loompa']",
          "[ipv4-addr:value = '134.71.3.16']",
          "[domain-name:value = 'never.example']",
          "[domain-name:value = 'docs.google.com' OR ipv4-addr:value = '134.71.3.16']",
          "[domain-name:value MATCHES '^www[0-9]*\\\\.']",
          "[domain-name:value = 'docs.google.com'] AND [domain-name:value LIKE '%.oompa.loompa']",
          "[domain-name:value = 'docs.google.com'] REPEATS 2 TIMES");

  /** Every tenth of the first 3,000 records of the log, read as the app reads them. */
  private static final List<Event> EVENTS = events();

  private static List<Event> events() {
    RecordReader reader = RecordReader.zeek("dns", ObservableTypes.ALL);
    List<Event> out = new ArrayList<>();
    List<byte[]> records = Telemetry.dnsRecords().subList(0, 3_000);
    for (int i = 0; i < records.size(); i += 10) {
      if (reader.read(records.get(i), "dns@" + i) instanceof RecordReader.Outcome.Read r) {
        out.add(r.event());
      }
    }
    return out;
  }

  @Test
  void layersMatchWhatOneFullCompileMatches() {
    qt().withExamples(150)
        .withShrinkCycles(30)
        .forAll(longs().all(), integers().between(1, 8))
        .checkAssert((seed, compactAfter) -> run(new Random(seed), compactAfter));
  }

  private static void run(Random random, int compactAfter) {
    List<Runnable> compactions = new ArrayList<>();
    IndicatorPlan plan = new IndicatorPlan(compactAfter, compactions::add);
    Map<String, StixObject> current = new LinkedHashMap<>();
    long offset = 0;
    int versions = 0;
    for (int step = 0; step < 40; step++) {
      String id = String.format("indicator--00000000-0000-4000-8000-%012d", random.nextInt(12));
      int op = random.nextInt(10);
      if (op < 5) {
        StixObject o =
            indicator(id, PATTERNS.get(random.nextInt(PATTERNS.size())), ++versions, false);
        plan.put(o, bytes(o), step, offset++, IndicatorPlan.New.UNSAID);
        current.put(id, o);
      } else if (op < 6) {
        StixObject o =
            indicator(id, PATTERNS.get(random.nextInt(PATTERNS.size())), ++versions, true);
        plan.put(o, bytes(o), step, offset++, IndicatorPlan.New.UNSAID);
        current.put(id, o);
      } else if (op < 8) {
        plan.remove(id, step, offset++);
        current.remove(id);
      } else if (!compactions.isEmpty()) {
        // a compaction started earlier finishes now, updates having arrived meanwhile
        compactions.remove(random.nextInt(compactions.size())).run();
      }
      if (random.nextInt(3) == 0) {
        agree(plan.current(), current.values());
      }
    }
    compactions.forEach(Runnable::run);
    agree(plan.current(), current.values());
  }

  private static void agree(PlanSnapshot layers, java.util.Collection<StixObject> indicators) {
    DetectionEngine full = DetectionEngine.compile(new ArrayList<>(indicators));
    Set<String> fullMulti = new HashSet<>(full.multiObservationIds());
    assertThat(new HashSet<>(layers.multi().multiObservationIds())).isEqualTo(fullMulti);
    for (Event e : EVENTS) {
      assertThat(ids(layers.match(e))).as(e.source()).isEqualTo(ids(full.match(e)));
      assertThat(layers.concernsMultiObservation(e))
          .as(e.source())
          .isEqualTo(full.concernsMultiObservation(e));
      for (org.wuzhen.stix.JsonObject o : e.objects()) {
        String type = o.string("type").orElseThrow();
        if (full.observableTypes().wants(type)) {
          assertThat(layers.observableTypes().wants(type)).as(type).isTrue();
        }
      }
    }
  }

  private static Set<String> ids(List<Match> matches) {
    Set<String> out = new HashSet<>();
    for (Match m : matches) {
      assertThat(out.add(m.indicatorId())).as("matched twice: " + m.indicatorId()).isTrue();
    }
    return out;
  }

  private static StixObject indicator(String id, String pattern, int version, boolean revoked) {
    return Telemetry.indicator(
        id.substring("indicator--".length()),
        pattern,
        String.format("2024-01-01T00:00:%02d.%03dZ", version / 1000 % 60, version % 1000),
        revoked);
  }

  private static byte[] bytes(StixObject o) {
    return o.toJson().getBytes(StandardCharsets.UTF_8);
  }
}
