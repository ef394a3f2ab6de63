package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.ObservedData;
import org.wuzhen.pattern.PatternEvaluator;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixTimestamp;

/** Multi-observation patterns over a stream: windows in event time, bounded, reset on a match. */
class StreamMatcherTest {
  private static final String A = "[ipv4-addr:value = '198.51.100.1']";
  private static final String B = "[domain-name:value = 'evil.example.org']";

  private static Event at(int second, JsonObject sco) {
    return new Event(
        "t:" + second,
        StixTimestamp.parse(
            java.time.Instant.parse("2024-05-01T12:00:00Z").plusSeconds(second).toString()),
        List.of(sco));
  }

  private static Event a(int second) {
    return at(second, Fixtures.ip("198.51.100.1"));
  }

  private static Event b(int second) {
    return at(second, Fixtures.domain("evil.example.org"));
  }

  private static Event other(int second) {
    return at(second, Fixtures.ip("192.0.2.99"));
  }

  private static StreamMatcher matcher(String pattern) {
    return matcher(pattern, StreamMatcher.Limits.DEFAULT);
  }

  private static StreamMatcher matcher(String pattern, StreamMatcher.Limits limits) {
    DetectionEngine engine = DetectionEngine.compile(List.of(Fixtures.indicator(1, pattern)));
    assertThat(engine.report().multiObservation()).isEqualTo(1);
    return new StreamMatcher(engine, limits);
  }

  /** Indexes (into the stream) of the events that completed a match. */
  private static List<Integer> fired(StreamMatcher m, Event... stream) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      if (!m.accept(stream[i]).isEmpty()) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void andFiresWhenBothSidesHaveBeenSeenThenStartsOver() {
    StreamMatcher m = matcher(A + " AND " + B);
    assertThat(fired(m, a(0), other(1), a(2), b(3), b(4), a(5))).containsExactly(3, 5);
    assertThat(m.heldObservations()).isZero();
  }

  @Test
  void followedByNeedsTheOrder() {
    StreamMatcher m = matcher(A + " FOLLOWEDBY " + B);
    assertThat(fired(m, b(0), a(1), other(2), b(3))).containsExactly(3);
  }

  @Test
  void withinBoundsTheWindowInEventTime() {
    StreamMatcher m = matcher("(" + A + " AND " + B + ") WITHIN 60 SECONDS");
    assertThat(fired(m, a(0), b(120), a(150))).containsExactly(2);
  }

  @Test
  void repeatsCountsDistinctObservations() {
    StreamMatcher m = matcher(A + " REPEATS 3 TIMES");
    assertThat(fired(m, a(0), a(1), b(2), a(3), a(4))).containsExactly(3);
  }

  @Test
  void aFullWindowDropsTheOldestAndCountsIt() {
    StreamMatcher m =
        matcher(A + " FOLLOWEDBY " + B, new StreamMatcher.Limits(2, Duration.ofHours(1)));
    assertThat(fired(m, a(0), a(1), a(2), a(3), b(4))).containsExactly(4);
    assertThat(m.overflow()).isEqualTo(3); // a(0), a(1), then a(2) to make room for b(4)
  }

  @Test
  void singleObservationIndicatorsStillFireOnEachEvent() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(Fixtures.indicator(1, A), Fixtures.indicator(2, A + " AND " + B)));
    StreamMatcher m = new StreamMatcher(engine, StreamMatcher.Limits.DEFAULT);
    assertThat(m.accept(a(0))).extracting(Match::indicatorId).containsExactly(Fixtures.id(1));
    assertThat(m.accept(b(1))).extracting(Match::indicatorId).containsExactly(Fixtures.id(2));
  }

  @Test
  void aNewPlanKeepsTheWindowsOfIndicatorsItStillHolds() {
    StreamMatcher m = matcher(A + " AND " + B);
    m.accept(a(0));
    m.replace(
        DetectionEngine.compile(
            List.of(Fixtures.indicator(1, A + " AND " + B), Fixtures.indicator(2, A))));
    assertThat(m.accept(b(1))).extracting(Match::indicatorId).containsExactly(Fixtures.id(1));
    m.accept(a(2));
    m.replace(DetectionEngine.compile(List.of(Fixtures.indicator(2, A))));
    assertThat(m.heldObservations()).isZero();
  }

  /** A journal as a store keeps it: sequence to event, per indicator, in order. */
  private static final class Journal implements ObservationJournal {
    final java.util.TreeMap<String, Event> held = new java.util.TreeMap<>();

    @Override
    public void held(String indicatorId, long sequence, Event event) {
      assertThat(held.put(indicatorId + "|" + String.format("%019d", sequence), event)).isNull();
    }

    @Override
    public void released(String indicatorId, long sequence) {
      assertThat(held.remove(indicatorId + "|" + String.format("%019d", sequence))).isNotNull();
    }

    /** A new matcher (a new process) that takes back what this journal holds. */
    StreamMatcher restarted(DetectionEngine engine, StreamMatcher.Limits limits) {
      StreamMatcher m = new StreamMatcher(engine, limits, this);
      for (var e : List.copyOf(held.entrySet())) {
        int bar = e.getKey().lastIndexOf('|');
        m.restore(
            e.getKey().substring(0, bar),
            Long.parseLong(e.getKey().substring(bar + 1)),
            e.getValue());
      }
      return m;
    }
  }

  /**
   * A matcher restarted from its journal at any point of a random stream reports what one matcher
   * over the whole stream reports, and the journal holds exactly what the windows hold.
   */
  @Test
  void aMatcherRestartedFromItsJournalReportsWhatOneMatcherWould() {
    StreamMatcher.Limits limits = new StreamMatcher.Limits(3, Duration.ofSeconds(30));
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                Fixtures.indicator(1, A + " AND " + B),
                Fixtures.indicator(2, A + " FOLLOWEDBY " + B),
                Fixtures.indicator(3, A + " REPEATS 2 TIMES")));
    Random random = new Random(19);
    for (int run = 0; run < 200; run++) {
      List<Event> stream = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int second = i * random.nextInt(1, 12);
        stream.add(
            switch (random.nextInt(3)) {
              case 0 -> a(second);
              case 1 -> b(second);
              default -> other(second);
            });
      }
      StreamMatcher whole = new StreamMatcher(engine, limits);
      Journal journal = new Journal();
      StreamMatcher cut = new StreamMatcher(engine, limits, journal);
      int restartAt = random.nextInt(stream.size());
      for (int i = 0; i < stream.size(); i++) {
        if (i == restartAt) {
          cut = journal.restarted(engine, limits);
        }
        assertThat(cut.accept(stream.get(i)))
            .as("run %d event %d", run, i)
            .isEqualTo(whole.accept(stream.get(i)));
      }
      assertThat(cut.heldObservations()).isEqualTo(whole.heldObservations());
      assertThat(journal.held).hasSize(whole.heldObservations());
    }
  }

  /**
   * Differential: on random multi-observation patterns and random streams, the first event at which
   * the matcher reports the indicator is exactly the first prefix of the stream on which the
   * reference evaluator finds a match (windows large enough that nothing expires or overflows).
   */
  @Test
  void firstReportIsTheFirstPrefixTheEvaluatorMatches() {
    String[] brackets = {
      A,
      B,
      "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
      "[domain-name:value LIKE '%.example.org']",
      "[ipv4-addr:value = '192.0.2.99']"
    };
    PatternEvaluator evaluator = new PatternEvaluator();
    for (long seed = 0; seed < 300; seed++) {
      Random r = new Random(seed);
      String x = brackets[r.nextInt(brackets.length)];
      String y = brackets[r.nextInt(brackets.length)];
      String pattern =
          switch (r.nextInt(5)) {
            case 0 -> x + " AND " + y;
            case 1 -> x + " FOLLOWEDBY " + y;
            case 2 -> x + " REPEATS " + (2 + r.nextInt(2)) + " TIMES";
            case 3 -> "(" + x + " AND " + y + ") WITHIN " + (5 + r.nextInt(20)) + " SECONDS";
            default -> "(" + x + " OR " + y + ") AND " + brackets[r.nextInt(brackets.length)];
          };
      List<Event> stream = new ArrayList<>();
      int t = 0;
      for (int i = 0; i < 12; i++) {
        t += r.nextInt(8);
        stream.add(
            switch (r.nextInt(4)) {
              case 0 -> a(t);
              case 1 -> b(t);
              case 2 -> at(t, Fixtures.domain("x.example.org"));
              default -> other(t);
            });
      }
      StreamMatcher m = matcher(pattern, new StreamMatcher.Limits(1000, Duration.ofDays(1)));
      int reported = -1;
      for (int i = 0; i < stream.size() && reported < 0; i++) {
        if (!m.accept(stream.get(i)).isEmpty()) {
          reported = i;
        }
      }
      int expected = -1;
      List<ObservedData> prefix = new ArrayList<>();
      for (int i = 0; i < stream.size() && expected < 0; i++) {
        Event e = stream.get(i);
        JsonObject sco = e.objects().getFirst();
        prefix.add(
            new ObservedData(
                "observed-data--" + i,
                e.time(),
                e.time(),
                1,
                java.util.Map.of(sco.string("id").orElseThrow(), sco)));
        if (evaluator.evaluate(Patterns.parse(pattern), prefix).matched()) {
          expected = i;
        }
      }
      assertThat(reported).as("seed %d, pattern %s", seed, pattern).isEqualTo(expected);
    }
  }
}
