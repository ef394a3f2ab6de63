package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.wuzhen.pattern.EvaluationLimits;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.ObservedData;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.PatternEvaluator;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
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
 * indexes on the comparisons of each of their brackets. Single-observation indicators are stored in
 * compact columns ({@link CompiledIndicators}) so a million fit in about 100 bytes each. Immutable
 * and thread-safe once compiled.
 */
public final class DetectionEngine {
  private static final String OBSERVED_DATA_ID =
      "observed-data--" + UUID.nameUUIDFromBytes(new byte[0]);

  private final CompiledIndicators indicators;
  private final Map<String, List<PathIndex>> indexesByType;
  private final int[] alwaysCheck;
  private final boolean pathsFollowReferences;
  private final CompileReport report;
  private final ObservableTypes observableTypes;
  private final Optional<Set<String>> readTypes;
  private final List<ParsedIndicator> multi;
  private final List<Pattern> multiPatterns;
  private final List<List<Pattern>> multiBrackets;
  private final Map<String, List<PathIndex>> multiIndexesByType;
  private final int[] multiAlwaysCheck;
  private final HashFilter exactKeys;
  private final PatternEvaluator evaluator = new PatternEvaluator(EvaluationLimits.DEFAULT);
  private volatile RawProbe zeekProbe;

  /** Probes of other formats' raw strings, by format (EVE, or a JSON-lines mapping). */
  private final Map<Object, RawProbe> probes = new ConcurrentHashMap<>();

  private volatile Optional<MatchFields> matchFields;
  // The plan as compiled or read, kept whole for writing it; its parts are copied into the
  // fields above for the matching paths.
  private final EnginePlan plan;

  private DetectionEngine(EnginePlan plan) {
    this.plan = plan;
    this.readTypes = plan.readTypes();
    this.exactKeys = plan.exactKeys();
    this.observableTypes = readTypes.map(ObservableTypes::of).orElse(ObservableTypes.ALL);
    this.indicators = plan.indicators();
    this.indexesByType = plan.indexesByType();
    this.alwaysCheck = plan.alwaysCheck();
    this.report = plan.report();
    this.multi = plan.multi().indicators();
    this.multiPatterns = plan.multi().patterns();
    this.multiBrackets = plan.multi().brackets();
    this.multiIndexesByType = plan.multi().indexesByType();
    this.multiAlwaysCheck = plan.multi().alwaysCheck();
    this.pathsFollowReferences =
        indexesByType.values().stream()
            .flatMap(List::stream)
            .anyMatch(p -> followsReference(p.path()));
  }

  /** True when a step of the path after the first reads through a {@code _ref}/{@code _refs}. */
  private static boolean followsReference(ObjectPath path) {
    List<ObjectPath.Step> steps = path.steps();
    for (int i = 0; i < steps.size() - 1; i++) {
      if (steps.get(i) instanceof ObjectPath.Step.Key k
          && (k.name().endsWith("_ref") || k.name().endsWith("_refs"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compiles indicators. Only the newest version of each id (by {@code modified}) is used; revoked
   * ones, patterns of another {@code pattern_type} and patterns the checker refuses are left out
   * and counted in the report, never thrown.
   */
  public static DetectionEngine compile(List<StixObject> input) {
    return new DetectionEngine(EnginePlan.compile(input));
  }

  /** Writes the whole plan ({@link PlanCache}); {@link #readFrom} gives an engine equal to it. */
  void writeTo(PlanFile.Out out) throws java.io.IOException {
    plan.writeTo(out);
  }

  static DetectionEngine readFrom(PlanFile.In in) {
    return new DetectionEngine(EnginePlan.readFrom(in));
  }

  /**
   * The observable types this plan reads: give them to a {@link TelemetryReader} so events hold
   * nothing else ({@link ObservableTypes#ALL} when a pattern reads through a reference).
   */
  public ObservableTypes observableTypes() {
    return observableTypes;
  }

  /**
   * What matching an event against this plan reads, when an event of only those fields gets the
   * same matches ({@link MatchFields}); made once, when first asked.
   */
  Optional<MatchFields> matchFields() {
    Optional<MatchFields> f = matchFields;
    if (f == null) {
      f =
          multi.isEmpty()
              ? MatchFields.of(
                  observableTypes,
                  indexesByType.values().stream().flatMap(List::stream).map(PathIndex::path)
                      ::iterator,
                  indicators.keptPatterns())
              : Optional.empty();
      matchFields = f;
    }
    return f;
  }

  /** What compilation did with each indicator. */
  public CompileReport report() {
    return report;
  }

  /** How many indicators are checked against every event because no index can select them. */
  public int alwaysCheckCount() {
    return alwaysCheck.length;
  }

  /**
   * The indicators whose pattern matches the event and which are valid at the event's time, in
   * compilation order.
   */
  public List<Match> match(Event event) {
    Map<String, JsonObject> graph = pathsFollowReferences ? graph(event) : Map.of();
    Hits hits = candidates(event, graph, indexesByType);
    hits.addAll(alwaysCheck);
    if (hits.isEmpty()) {
      return List.of();
    }
    int count = hits.distinctSorted();
    Instant time = event.time().instant();
    List<Match> out = new ArrayList<>();
    List<ObservedData> observation = null;
    for (int k = 0; k < count; k++) {
      int i = hits.get(k);
      if (!indicators.validAt(i, time)) {
        continue;
      }
      Optional<Pattern> pattern = indicators.pattern(i);
      if (pattern.isPresent()) {
        if (observation == null) {
          if (graph.isEmpty()) {
            graph = graph(event);
          }
          observation =
              List.of(new ObservedData(OBSERVED_DATA_ID, event.time(), event.time(), 1, graph));
        }
        if (!evaluator.evaluate(pattern.get(), observation).matched()) {
          continue;
        }
      }
      out.add(new Match(indicators.id(i), event));
    }
    return out;
  }

  /** The event's objects by id, for references and the evaluator; the first of an id wins. */
  static Map<String, JsonObject> graph(Event event) {
    Map<String, JsonObject> graph = new LinkedHashMap<>();
    for (JsonObject o : event.objects()) {
      graph.putIfAbsent(o.string("id").orElseThrow(), o);
    }
    return graph;
  }

  /**
   * The ids of the multi-observation indicators of this plan, in compilation order: a deployment
   * that keeps a plan in layers (the Kafka one's base and delta) compiles these apart for the stage
   * that decides them over the stream.
   */
  public List<String> multiObservationIds() {
    List<String> out = new ArrayList<>(multi.size());
    for (ParsedIndicator c : multi) {
      out.add(c.id().text());
    }
    return out;
  }

  // ---- for RawProbe ----

  /** The filter over the exact keys of every index ({@link RawProbe#exactKeys}), saved with it. */
  HashFilter exactKeys() {
    return exactKeys;
  }

  Map<String, List<PathIndex>> indexesByType() {
    return indexesByType;
  }

  Map<String, List<PathIndex>> multiIndexesByType() {
    return multiIndexesByType;
  }

  int multiAlwaysCheckCount() {
    return multiAlwaysCheck.length;
  }

  /** The probe of the raw strings of Zeek records (made once per plan, when first asked). */
  RawProbe zeekProbe() {
    RawProbe p = zeekProbe;
    if (p == null) {
      p = new RawProbe(this, ZeekFields::verbatim);
      zeekProbe = p;
    }
    return p;
  }

  /**
   * The probe of the raw strings of a format whose verbatim paths {@code verbatim} names, made once
   * per plan and {@code format} (a key that equals itself for the same paths).
   */
  RawProbe probe(Object format, java.util.function.Predicate<ObjectPath> verbatim) {
    // Asked for per line: a plain get first, as computeIfAbsent's capturing lambda is allocated
    // on every call.
    RawProbe known = probes.get(format);
    return known != null
        ? known
        : probes.computeIfAbsent(format, f -> new RawProbe(this, verbatim));
  }

  // ---- multi-observation indicators, for StreamMatcher ----

  int multiCount() {
    return multi.size();
  }

  String multiId(int index) {
    return multi.get(index).id().text();
  }

  Pattern multiPattern(int index) {
    return multiPatterns.get(index);
  }

  boolean multiValidAt(int index, StixTimestamp t) {
    return multi.get(index).validAt(t);
  }

  /**
   * Whether the event satisfies a bracket of some multi-observation indicator on its own, so that a
   * {@link StreamMatcher} would keep it: a deployment that decides those patterns elsewhere (the
   * Kafka one's single-partition stage) sends only these events there.
   */
  public boolean concernsMultiObservation(Event event) {
    return !multiCandidates(event).isEmpty();
  }

  /**
   * The multi-observation indicators one of whose brackets this event satisfies on its own: the
   * observations worth keeping in their windows.
   */
  BitSet multiCandidates(Event event) {
    if (multi.isEmpty()) {
      return new BitSet();
    }
    Map<String, JsonObject> graph = graph(event);
    Hits hits = candidates(event, graph, multiIndexesByType);
    hits.addAll(multiAlwaysCheck);
    BitSet out = new BitSet();
    if (hits.isEmpty()) {
      return out;
    }
    int count = hits.distinctSorted();
    List<ObservedData> observation =
        List.of(new ObservedData(OBSERVED_DATA_ID, event.time(), event.time(), 1, graph));
    for (int k = 0; k < count; k++) {
      int i = hits.get(k);
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
  private static Hits candidates(
      Event event, Map<String, JsonObject> graph, Map<String, List<PathIndex>> indexesByType) {
    Hits out = new Hits();
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
