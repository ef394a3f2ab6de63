package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.JsonObject;

/**
 * Reads the same bytes twice, the exact way (every line built into an event and matched) and at
 * line rate (lines the plan's probe clears only counted, the rest built from their bytes where the
 * scan is sure), and checks that they agree: the same report, the same matches in the same order
 * (multi-observation ones included, through a {@link StreamMatcher}), the same event for every line
 * built both ways, and every line counted without an event matched nothing the exact way. At line
 * rate the sink takes events built for matching only when the plan allows it ({@link MatchFields}):
 * their matches are the ones recorded, and the whole event of the same line is built too and
 * compared with the exact reading's.
 */
final class LineRateDifferential {
  private LineRateDifferential() {}

  /** What one reading gave. */
  record Outcome(ReadReport report, List<Event> events, List<String> matches, long unmatched) {}

  /** One way of reading: the input, the sink of built events, the counter of the others. */
  @FunctionalInterface
  interface Reading {
    ReadReport read(
        String name,
        java.io.InputStream in,
        java.util.function.Consumer<Event> sink,
        java.util.function.LongConsumer unmatched)
        throws IOException;
  }

  static Outcome exact(String name, byte[] content, DetectionEngine engine) {
    return read(
        name,
        content,
        engine,
        (n, in, sink, unmatched) -> ZeekReader.read(n, in, engine.observableTypes(), sink));
  }

  static Outcome lineRate(String name, byte[] content, DetectionEngine engine) {
    return read(
        name,
        content,
        engine,
        (n, in, sink, unmatched) ->
            ZeekReader.read(n, in, engine.observableTypes(), engine::zeekProbe, sink, unmatched));
  }

  /** Suricata EVE read exactly and at line rate. */
  static Outcome agreeEve(String name, byte[] content, DetectionEngine engine) {
    ObservableTypes types = engine.observableTypes();
    return agree(
        name,
        content,
        engine,
        (n, in, sink, unmatched) -> TelemetryReader.eve(types).read(n, in, sink),
        (n, in, sink, unmatched) ->
            LineReader.read(
                n,
                in,
                JsonLinesFormat.eve(types, () -> engine.probe("eve", EveFields::verbatim)),
                sink,
                unmatched));
  }

  /** Generic JSON lines read exactly and at line rate. */
  static Outcome agreeMapped(
      String name, byte[] content, DetectionEngine engine, FieldMapping mapping) {
    ObservableTypes types = engine.observableTypes();
    MappedFields fields = new MappedFields(mapping);
    return agree(
        name,
        content,
        engine,
        (n, in, sink, unmatched) -> TelemetryReader.jsonl(mapping, types).read(n, in, sink),
        (n, in, sink, unmatched) ->
            LineReader.read(
                n,
                in,
                JsonLinesFormat.mapped(
                    mapping, fields, types, () -> engine.probe(mapping, fields::verbatim)),
                sink,
                unmatched));
  }

  private static Outcome read(String name, byte[] content, DetectionEngine engine, Reading how) {
    StreamMatcher matcher = new StreamMatcher(engine, StreamMatcher.Limits.DEFAULT);
    List<Event> events = new ArrayList<>();
    List<String> matches = new ArrayList<>();
    long[] unmatched = {0};
    java.util.function.Consumer<Event> sink =
        new LineReader.MatchingSink() {
          @Override
          public void accept(Event e) {
            events.add(e);
            for (Match m : matcher.accept(e)) {
              matches.add(e.source() + " " + m.indicatorId());
            }
          }

          @Override
          public java.util.Optional<MatchFields> matchFields() {
            return engine.matchFields();
          }

          @Override
          public void acceptMatching(
              Event e, MatchFields fields, java.util.function.Supplier<Event> whole) {
            Event w = whole.get();
            events.add(w);
            List<String> found = new ArrayList<>();
            for (Match m : matcher.accept(e)) {
              found.add(e.source() + " " + m.indicatorId());
            }
            List<String> ofWhole = new ArrayList<>();
            for (Match m : engine.match(w)) {
              ofWhole.add(w.source() + " " + m.indicatorId());
            }
            assertThat(found).as("matches of the event built for matching").isEqualTo(ofWhole);
            for (JsonObject o : e.objects()) {
              for (String property : o.names()) {
                assertThat(
                        property.equals("type")
                            || property.equals("id")
                            || fields.keeps(o.string("type").orElseThrow(), property))
                    .as("%s: %s of %s is not read by the plan", e.source(), property, o)
                    .isTrue();
              }
            }
            matches.addAll(found);
          }
        };
    try {
      ReadReport report =
          how.read(name, new ByteArrayInputStream(content), sink, n -> unmatched[0] += n);
      return new Outcome(report, events, matches, unmatched[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Both readings of {@code content}, asserted to agree; the line-rate one is returned. */
  static Outcome agree(String name, byte[] content, DetectionEngine engine) {
    return compare(exact(name, content, engine), lineRate(name, content, engine), engine);
  }

  /** Both readings, asserted to agree; the line-rate one is returned. */
  static Outcome agree(
      String name, byte[] content, DetectionEngine engine, Reading exactly, Reading fast) {
    return compare(read(name, content, engine, exactly), read(name, content, engine, fast), engine);
  }

  private static Outcome compare(Outcome exact, Outcome fast, DetectionEngine engine) {
    assertThat(fast.report()).as("report").isEqualTo(exact.report());
    assertThat(fast.matches()).as("matches").isEqualTo(exact.matches());
    assertThat(fast.events().size() + fast.unmatched())
        .as("events built plus events only counted")
        .isEqualTo(exact.events().size());
    java.util.Map<String, Event> bySource = new java.util.HashMap<>();
    for (Event e : exact.events()) {
      bySource.put(e.source(), e);
    }
    for (Event e : fast.events()) {
      assertThat(e).as(e.source()).isEqualTo(bySource.get(e.source()));
    }
    java.util.Set<String> built = new java.util.HashSet<>();
    fast.events().forEach(e -> built.add(e.source()));
    for (Event e : exact.events()) {
      if (!built.contains(e.source())) {
        assertThat(engine.match(e)).as("a line only counted: " + e.source()).isEmpty();
      }
    }
    return fast;
  }
}
