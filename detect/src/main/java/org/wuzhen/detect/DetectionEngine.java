package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.pattern.CheckResult;
import org.wuzhen.pattern.EvaluationLimits;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.ObservedData;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.PatternEvaluator;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * Many STIX indicators compiled for matching events. Patterns one event decides (one observation
 * per binding: brackets, OR of brackets, WITHIN and START/STOP on them) are reached through indexes
 * on their comparisons' object paths (see docs/detection.md); the reference evaluator then decides
 * the whole pattern on those candidates only, so the engine answers exactly what the evaluator
 * would on that event. Patterns needing several observations (AND, FOLLOWEDBY, REPEATS n &gt; 1)
 * are counted in {@link CompileReport#multiObservation()}; {@link #match} leaves them out and a
 * {@link StreamMatcher} evaluates them over windows of the stream, reaching them through the same
 * indexes on the comparisons of each of their brackets. Immutable and thread-safe once compiled.
 */
public final class DetectionEngine {
  private static final StixTimestamp EARLIEST = StixTimestamp.parse("0001-01-01T00:00:00Z");
  private static final String OBSERVED_DATA_ID =
      "observed-data--" + UUID.nameUUIDFromBytes(new byte[0]);

  private final List<Compiled> indicators;
  private final Map<String, List<PathIndex>> indexesByType;
  private final BitSet alwaysCheck;
  private final CompileReport report;
  private final List<Compiled> multi;
  private final List<List<Pattern>> multiBrackets;
  private final Map<String, List<PathIndex>> multiIndexesByType;
  private final BitSet multiAlwaysCheck;
  private final PatternEvaluator evaluator = new PatternEvaluator(EvaluationLimits.DEFAULT);

  private record Compiled(
      String id,
      Pattern pattern,
      Optional<StixTimestamp> validFrom,
      Optional<StixTimestamp> validUntil) {
    /** STIX 2.1 §4.7: valid from {@code valid_from} (inclusive) until {@code valid_until}. */
    boolean validAt(StixTimestamp t) {
      return validFrom.map(f -> !t.isBefore(f)).orElse(true)
          && validUntil.map(t::isBefore).orElse(true);
    }
  }

  /** The multi-observation part of a plan: the indicators, their brackets and their indexes. */
  private record MultiPlan(
      List<Compiled> indicators,
      List<List<Pattern>> brackets,
      Map<String, List<PathIndex>> indexesByType,
      BitSet alwaysCheck) {}

  private DetectionEngine(
      List<Compiled> indicators,
      Map<String, List<PathIndex>> indexesByType,
      BitSet alwaysCheck,
      CompileReport report,
      MultiPlan multi) {
    this.indicators = indicators;
    this.indexesByType = indexesByType;
    this.alwaysCheck = alwaysCheck;
    this.report = report;
    this.multi = multi.indicators();
    this.multiBrackets = multi.brackets();
    this.multiIndexesByType = multi.indexesByType();
    this.multiAlwaysCheck = multi.alwaysCheck();
  }

  /**
   * Compiles indicators. Only the newest version of each id (by {@code modified}) is used; revoked
   * ones, patterns of another {@code pattern_type} and patterns the checker refuses are left out
   * and counted in the report, never thrown.
   */
  public static DetectionEngine compile(List<StixObject> input) {
    Collection<StixObject> newest = newestVersions(input);
    List<Compiled> compiled = new ArrayList<>();
    Map<ObjectPath, PathIndex> byPath = new LinkedHashMap<>();
    BitSet alwaysCheck = new BitSet();
    List<CompileReport.Rejection> rejected = new ArrayList<>();
    int indexed = 0;
    int fallback = 0;
    int multiObservation = 0;
    List<Compiled> multi = new ArrayList<>();
    List<List<Pattern>> multiBrackets = new ArrayList<>();
    Map<ObjectPath, PathIndex> multiByPath = new LinkedHashMap<>();
    BitSet multiAlwaysCheck = new BitSet();
    int revoked = 0;
    for (StixObject o : newest) {
      switch (read(o)) {
        case Reading.Rejected r ->
            rejected.add(new CompileReport.Rejection(o.id().text(), r.why()));
        case Reading.Revoked r -> revoked++;
        case Reading.Usable u when !IndexKeys.singleObservation(u.indicator().pattern().root()) -> {
          multiObservation++;
          int index = multi.size();
          multi.add(u.indicator());
          List<Pattern> brackets = new ArrayList<>();
          boolean indexable = true;
          for (ObservationExpression.Observation bracket :
              brackets(u.indicator().pattern().root(), new ArrayList<>())) {
            brackets.add(new Pattern(bracket));
            Optional<List<IndexKey>> keys = IndexKeys.of(bracket);
            if (keys.isEmpty()) {
              indexable = false;
            } else {
              for (IndexKey key : keys.get()) {
                multiByPath.computeIfAbsent(key.path(), PathIndex::new).add(key, index);
              }
            }
          }
          multiBrackets.add(List.copyOf(brackets));
          if (!indexable) {
            multiAlwaysCheck.set(index);
          }
        }
        case Reading.Usable u -> {
          int index = compiled.size();
          compiled.add(u.indicator());
          Optional<List<IndexKey>> keys = IndexKeys.of(u.indicator().pattern().root());
          if (keys.isEmpty()) {
            alwaysCheck.set(index);
            fallback++;
          } else {
            indexed++;
            for (IndexKey key : keys.get()) {
              byPath.computeIfAbsent(key.path(), PathIndex::new).add(key, index);
            }
          }
        }
      }
    }
    Map<String, List<PathIndex>> byType = byType(byPath);
    int superseded = input.size() - newest.size();
    CompileReport report =
        new CompileReport(
            input.size(), indexed, fallback, multiObservation, revoked, superseded, rejected);
    return new DetectionEngine(
        List.copyOf(compiled),
        byType,
        alwaysCheck,
        report,
        new MultiPlan(
            List.copyOf(multi), List.copyOf(multiBrackets), byType(multiByPath), multiAlwaysCheck));
  }

  private static Map<String, List<PathIndex>> byType(Map<ObjectPath, PathIndex> byPath) {
    Map<String, List<PathIndex>> byType = new HashMap<>();
    for (PathIndex p : byPath.values()) {
      byType.computeIfAbsent(p.path().objectType(), t -> new ArrayList<>()).add(p);
    }
    byType.replaceAll((t, l) -> List.copyOf(l));
    return Map.copyOf(byType);
  }

  /** Every bracket of an observation expression, left to right. */
  private static List<ObservationExpression.Observation> brackets(
      ObservationExpression e, List<ObservationExpression.Observation> out) {
    switch (e) {
      case ObservationExpression.Observation o -> out.add(o);
      case ObservationExpression.And a -> a.operands().forEach(x -> brackets(x, out));
      case ObservationExpression.Or o -> o.operands().forEach(x -> brackets(x, out));
      case ObservationExpression.FollowedBy f -> f.operands().forEach(x -> brackets(x, out));
      case ObservationExpression.Qualified q -> brackets(q.expression(), out);
    }
    return out;
  }

  /** One indicator read for compilation. */
  private sealed interface Reading {
    record Rejected(String why) implements Reading {}

    record Revoked() implements Reading {}

    record Usable(Compiled indicator) implements Reading {}
  }

  private static Reading read(StixObject o) {
    if (!o.type().equals("indicator")) {
      return new Reading.Rejected("type '" + o.type() + "' is not indicator");
    }
    if (o.revoked()) {
      return new Reading.Revoked();
    }
    String patternType = o.string("pattern_type").orElse("");
    if (!patternType.equals("stix")) {
      return new Reading.Rejected("pattern_type '" + patternType + "' is not 'stix'");
    }
    Optional<String> text = o.pattern();
    if (text.isEmpty()) {
      return new Reading.Rejected("pattern: a string is required");
    }
    CheckResult checked = Patterns.check(text.get());
    if (!checked.ok()) {
      return new Reading.Rejected("pattern: " + checked.errors().getFirst());
    }
    try {
      return new Reading.Usable(
          new Compiled(
              o.id().text(),
              checked.pattern().orElseThrow(),
              timestamp(o, "valid_from"),
              timestamp(o, "valid_until")));
    } catch (StixFormatException e) {
      return new Reading.Rejected(e.getMessage());
    }
  }

  /** The newest version of each id, by {@code modified}; a later one in the list wins a tie. */
  private static Collection<StixObject> newestVersions(List<StixObject> input) {
    Map<String, StixObject> newest = new LinkedHashMap<>();
    for (StixObject o : input) {
      newest.merge(
          o.id().text(),
          o,
          (seen, next) -> version(next).compareTo(version(seen)) >= 0 ? next : seen);
    }
    return newest.values();
  }

  /** A present but unreadable timestamp is an error, not an absent bound. */
  private static Optional<StixTimestamp> timestamp(StixObject o, String property) {
    Optional<JsonValue> value = o.get(property);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof JsonString s)) {
      throw new StixFormatException(property + ": expected a timestamp string");
    }
    try {
      return Optional.of(StixTimestamp.parse(s.value()));
    } catch (StixFormatException e) {
      throw new StixFormatException(property + ": " + e.getMessage());
    }
  }

  private static StixTimestamp version(StixObject o) {
    return o.version().orElse(EARLIEST);
  }

  /** What compilation did with each indicator. */
  public CompileReport report() {
    return report;
  }

  /** How many indicators are checked against every event because no index can select them. */
  public int alwaysCheckCount() {
    return alwaysCheck.cardinality();
  }

  /**
   * The indicators whose pattern matches the event and which are valid at the event's time, in
   * compilation order.
   */
  public List<Match> match(Event event) {
    Map<String, JsonObject> graph = new LinkedHashMap<>();
    for (JsonObject o : event.objects()) {
      graph.putIfAbsent(o.string("id").orElseThrow(), o);
    }
    BitSet candidates = candidates(event, graph);
    candidates.or(alwaysCheck);
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<ObservedData> observation =
        List.of(new ObservedData(OBSERVED_DATA_ID, event.time(), event.time(), 1, graph));
    List<Match> out = new ArrayList<>();
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      Compiled c = indicators.get(i);
      if (c.validAt(event.time()) && evaluator.evaluate(c.pattern(), observation).matched()) {
        out.add(new Match(c.id(), event));
      }
    }
    return out;
  }

  // ---- multi-observation indicators, for StreamMatcher ----

  int multiCount() {
    return multi.size();
  }

  String multiId(int index) {
    return multi.get(index).id();
  }

  Pattern multiPattern(int index) {
    return multi.get(index).pattern();
  }

  boolean multiValidAt(int index, StixTimestamp t) {
    return multi.get(index).validAt(t);
  }

  /**
   * The multi-observation indicators one of whose brackets this event satisfies on its own: the
   * observations worth keeping in their windows.
   */
  BitSet multiCandidates(Event event) {
    if (multi.isEmpty()) {
      return new BitSet();
    }
    Map<String, JsonObject> graph = new LinkedHashMap<>();
    for (JsonObject o : event.objects()) {
      graph.putIfAbsent(o.string("id").orElseThrow(), o);
    }
    BitSet hits = candidates(event, graph, multiIndexesByType);
    hits.or(multiAlwaysCheck);
    if (hits.isEmpty()) {
      return hits;
    }
    List<ObservedData> observation =
        List.of(new ObservedData(OBSERVED_DATA_ID, event.time(), event.time(), 1, graph));
    BitSet out = new BitSet();
    for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
      for (Pattern bracket : multiBrackets.get(i)) {
        if (evaluator.evaluate(bracket, observation).matched()) {
          out.set(i);
          break;
        }
      }
    }
    return out;
  }

  /** Indicators with an index key hit by some value of some object of the event. */
  BitSet candidates(Event event, Map<String, JsonObject> graph) {
    return candidates(event, graph, indexesByType);
  }

  private static BitSet candidates(
      Event event, Map<String, JsonObject> graph, Map<String, List<PathIndex>> indexesByType) {
    BitSet out = new BitSet();
    List<JsonValue> values = new ArrayList<>();
    for (JsonObject o : event.objects()) {
      List<PathIndex> indexes = indexesByType.get(o.string("type").orElseThrow());
      if (indexes == null) {
        continue;
      }
      for (PathIndex index : indexes) {
        values.clear();
        PathValues.resolve(index.path(), o, graph, values);
        for (JsonValue v : values) {
          index.collect(v, out);
        }
      }
    }
    return out;
  }
}
