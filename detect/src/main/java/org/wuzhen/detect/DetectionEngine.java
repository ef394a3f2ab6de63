package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.wuzhen.stix.StixId;
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
  private static final StixTimestamp EARLIEST = StixTimestamp.parse("0001-01-01T00:00:00Z");
  private static final String OBSERVED_DATA_ID =
      "observed-data--" + UUID.nameUUIDFromBytes(new byte[0]);

  private final CompiledIndicators indicators;
  private final Map<String, List<PathIndex>> indexesByType;
  private final int[] alwaysCheck;
  private final boolean pathsFollowReferences;
  private final CompileReport report;
  private final ObservableTypes observableTypes;
  private final Optional<Set<String>> readTypes;
  private final List<Compiled> multi;
  private final List<Pattern> multiPatterns;
  private final List<List<Pattern>> multiBrackets;
  private final Map<String, List<PathIndex>> multiIndexesByType;
  private final int[] multiAlwaysCheck;
  private final HashFilter exactKeys;
  private final PatternEvaluator evaluator = new PatternEvaluator(EvaluationLimits.DEFAULT);
  private volatile RawProbe zeekProbe;
  private volatile Optional<MatchFields> matchFields;

  /** One indicator as read for compilation; kept only until it is stored in columns. */
  private record Compiled(
      StixId id,
      ObservationExpression root,
      Optional<StixTimestamp> validFrom,
      Optional<StixTimestamp> validUntil) {
    /**
     * The pattern around the tree, made only where it is kept: a Pattern carries a column map,
     * which a million simple indicators do not need.
     */
    Pattern pattern() {
      return new Pattern(root);
    }

    /** STIX 2.1 §4.7: valid from {@code valid_from} (inclusive) until {@code valid_until}. */
    boolean validAt(StixTimestamp t) {
      return validFrom.map(f -> !t.isBefore(f)).orElse(true)
          && validUntil.map(t::isBefore).orElse(true);
    }
  }

  /** The multi-observation part of a plan: the indicators, their brackets and their indexes. */
  private record MultiPlan(
      List<Compiled> indicators,
      List<Pattern> patterns,
      List<List<Pattern>> brackets,
      Map<String, List<PathIndex>> indexesByType,
      int[] alwaysCheck) {}

  private DetectionEngine(
      CompiledIndicators indicators,
      Map<String, List<PathIndex>> indexesByType,
      int[] alwaysCheck,
      CompileReport report,
      MultiPlan multi,
      Optional<Set<String>> readTypes,
      HashFilter exactKeys) {
    this.readTypes = readTypes;
    this.exactKeys = exactKeys;
    this.observableTypes = readTypes.map(ObservableTypes::of).orElse(ObservableTypes.ALL);
    this.indicators = indicators;
    this.indexesByType = indexesByType;
    this.alwaysCheck = alwaysCheck;
    this.report = report;
    this.multi = multi.indicators();
    this.multiPatterns = multi.patterns();
    this.multiBrackets = multi.brackets();
    this.multiIndexesByType = multi.indexesByType();
    this.multiAlwaysCheck = multi.alwaysCheck();
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
    List<StixObject> newest = newestVersions(input);
    List<Reading> readings = readAll(newest);
    CompiledIndicators compiled = new CompiledIndicators();
    Map<ObjectPath, PathIndex.Builder> byPath = new LinkedHashMap<>();
    List<Integer> alwaysCheck = new ArrayList<>();
    List<CompileReport.Rejection> rejected = new ArrayList<>();
    int indexed = 0;
    int fallback = 0;
    int multiObservation = 0;
    List<Compiled> multi = new ArrayList<>();
    List<Pattern> multiPatterns = new ArrayList<>();
    List<List<Pattern>> multiBrackets = new ArrayList<>();
    Map<ObjectPath, PathIndex.Builder> multiByPath = new LinkedHashMap<>();
    List<Integer> multiAlwaysCheck = new ArrayList<>();
    int revoked = 0;
    PlanTypes planTypes = new PlanTypes();
    for (int k = 0; k < newest.size(); k++) {
      StixObject o = newest.get(k);
      switch (readings.get(k)) {
        case Reading.Rejected r ->
            rejected.add(new CompileReport.Rejection(o.id().text(), r.why()));
        case Reading.Revoked r -> revoked++;
        case Reading.Usable u when !IndexKeys.singleObservation(u.indicator().root()) -> {
          planTypes.add(u.indicator().root());
          multiObservation++;
          int index = multi.size();
          multi.add(u.indicator());
          multiPatterns.add(u.indicator().pattern());
          List<Pattern> brackets = new ArrayList<>();
          boolean indexable = true;
          for (ObservationExpression.Observation bracket :
              brackets(u.indicator().root(), new ArrayList<>())) {
            brackets.add(new Pattern(bracket));
            Optional<List<IndexKey>> keys = IndexKeys.of(bracket);
            if (keys.isEmpty()) {
              indexable = false;
            } else {
              for (IndexKey key : keys.get()) {
                multiByPath.computeIfAbsent(key.path(), PathIndex.Builder::new).add(key, index);
              }
            }
          }
          multiBrackets.add(List.copyOf(brackets));
          if (!indexable) {
            multiAlwaysCheck.add(index);
          }
        }
        case Reading.Usable u -> {
          planTypes.add(u.indicator().root());
          Compiled c = u.indicator();
          Optional<List<IndexKey>> keys = u.keys();
          int index =
              compiled.add(
                  c.id(),
                  u.decided() ? Optional.empty() : Optional.of(c.pattern()),
                  c.validFrom(),
                  c.validUntil());
          if (keys.isEmpty()) {
            alwaysCheck.add(index);
            fallback++;
          } else {
            indexed++;
            for (IndexKey key : keys.get()) {
              byPath.computeIfAbsent(key.path(), PathIndex.Builder::new).add(key, index);
            }
          }
        }
      }
    }
    compiled.trim();
    int superseded = input.size() - newest.size();
    CompileReport report =
        new CompileReport(
            input.size(), indexed, fallback, multiObservation, revoked, superseded, rejected);
    Map<String, List<PathIndex>> indexes = byType(byPath);
    Map<String, List<PathIndex>> multiIndexes = byType(multiByPath);
    return new DetectionEngine(
        compiled,
        indexes,
        ints(alwaysCheck),
        report,
        new MultiPlan(
            List.copyOf(multi),
            List.copyOf(multiPatterns),
            List.copyOf(multiBrackets),
            multiIndexes,
            ints(multiAlwaysCheck)),
        planTypes.result(),
        RawProbe.exactKeys(allIndexes(indexes, multiIndexes)));
  }

  /** Writes the whole plan ({@link PlanCache}); {@link #readFrom} gives an engine equal to it. */
  void writeTo(PlanFile.Out out) throws java.io.IOException {
    indicators.writeTo(out);
    writeIndexes(out, indexesByType);
    out.writeInts(alwaysCheck);
    out.writeInt(report.total());
    out.writeInt(report.indexed());
    out.writeInt(report.fallback());
    out.writeInt(report.multiObservation());
    out.writeInt(report.revoked());
    out.writeInt(report.superseded());
    out.writeInt(report.rejected().size());
    for (CompileReport.Rejection r : report.rejected()) {
      out.writeString(r.indicatorId());
      out.writeString(r.reason());
    }
    out.writeInt(multi.size());
    for (Compiled c : multi) {
      out.writeString(c.id().text());
      out.writePattern(c.pattern());
      writeTime(out, c.validFrom());
      writeTime(out, c.validUntil());
    }
    writeIndexes(out, multiIndexesByType);
    out.writeInts(multiAlwaysCheck);
    out.writeBoolean(readTypes.isPresent());
    Set<String> types = readTypes.orElse(Set.of());
    out.writeInt(types.size());
    for (String t : types) {
      out.writeString(t);
    }
    exactKeys.writeTo(out);
  }

  static DetectionEngine readFrom(PlanFile.In in) {
    CompiledIndicators indicators = CompiledIndicators.readFrom(in);
    Map<String, List<PathIndex>> indexes = readIndexes(in);
    int[] alwaysCheck = in.readInts();
    int[] counts = new int[6];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = in.readInt();
    }
    List<CompileReport.Rejection> rejected = new ArrayList<>();
    for (int n = in.readCount(8); n > 0; n--) {
      rejected.add(new CompileReport.Rejection(in.readString(), in.readString()));
    }
    CompileReport report =
        new CompileReport(
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], rejected);
    List<Compiled> multi = new ArrayList<>();
    List<Pattern> multiPatterns = new ArrayList<>();
    List<List<Pattern>> multiBrackets = new ArrayList<>();
    for (int n = in.readCount(8); n > 0; n--) {
      StixId id = StixId.parse(in.readString());
      ObservationExpression root = in.readPattern().root();
      Compiled c = new Compiled(id, root, readTime(in), readTime(in));
      multi.add(c);
      multiPatterns.add(c.pattern());
      List<Pattern> brackets = new ArrayList<>();
      for (ObservationExpression.Observation b : brackets(root, new ArrayList<>())) {
        brackets.add(new Pattern(b));
      }
      multiBrackets.add(List.copyOf(brackets));
    }
    Map<String, List<PathIndex>> multiIndexes = readIndexes(in);
    int[] multiAlwaysCheck = in.readInts();
    boolean typed = in.readBoolean();
    Set<String> types = new java.util.HashSet<>();
    for (int n = in.readCount(4); n > 0; n--) {
      types.add(in.readString());
    }
    HashFilter exactKeys = HashFilter.readFrom(in);
    return new DetectionEngine(
        indicators,
        indexes,
        alwaysCheck,
        report,
        new MultiPlan(
            List.copyOf(multi),
            List.copyOf(multiPatterns),
            List.copyOf(multiBrackets),
            multiIndexes,
            multiAlwaysCheck),
        typed ? Optional.of(Set.copyOf(types)) : Optional.empty(),
        exactKeys);
  }

  private static void writeIndexes(PlanFile.Out out, Map<String, List<PathIndex>> byType)
      throws java.io.IOException {
    out.writeInt(byType.size());
    for (Map.Entry<String, List<PathIndex>> e : byType.entrySet()) {
      out.writeString(e.getKey());
      out.writeInt(e.getValue().size());
      for (PathIndex index : e.getValue()) {
        index.writeTo(out);
      }
    }
  }

  private static Map<String, List<PathIndex>> readIndexes(PlanFile.In in) {
    Map<String, List<PathIndex>> byType = new HashMap<>();
    for (int n = in.readCount(8); n > 0; n--) {
      String type = in.readString();
      List<PathIndex> indexes = new ArrayList<>();
      for (int k = in.readCount(8); k > 0; k--) {
        indexes.add(PathIndex.readFrom(in));
      }
      byType.put(type, List.copyOf(indexes));
    }
    return Map.copyOf(byType);
  }

  private static void writeTime(PlanFile.Out out, Optional<StixTimestamp> t)
      throws java.io.IOException {
    out.writeBoolean(t.isPresent());
    if (t.isPresent()) {
      out.writeString(t.get().text());
    }
  }

  private static Optional<StixTimestamp> readTime(PlanFile.In in) {
    return in.readOptionalString().map(StixTimestamp::parse);
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Map<String, List<PathIndex>> byType(Map<ObjectPath, PathIndex.Builder> byPath) {
    Map<String, List<PathIndex>> byType = new HashMap<>();
    // Each path's tables are independent: built in parallel, kept in path order.
    List<PathIndex> built = byPath.values().parallelStream().map(PathIndex.Builder::build).toList();
    for (PathIndex p : built) {
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

    /**
     * A usable indicator; for one that one event decides, also its index keys (empty: checked on
     * every event) and whether a hit decides it, worked out here so that it runs in parallel.
     */
    record Usable(Compiled indicator, Optional<List<IndexKey>> keys, boolean decided)
        implements Reading {
      static Usable of(Compiled c) {
        if (!IndexKeys.singleObservation(c.root())) {
          return new Usable(c, Optional.empty(), false);
        }
        Optional<List<IndexKey>> keys = IndexKeys.of(c.root());
        return new Usable(c, keys, keys.isPresent() && IndexKeys.decidedByIndex(c.root()));
      }
    }
  }

  /**
   * Reads every indicator, in parallel: parsing and checking the patterns is most of compiling a
   * million of them, and each is independent. Timestamps repeat across a feed (one {@code
   * valid_from} for a whole import), so their parses are shared.
   */
  private static List<Reading> readAll(List<StixObject> newest) {
    Map<String, StixTimestamp> timestamps = new ConcurrentHashMap<>();
    PatternShapes shapes = new PatternShapes();
    return newest.parallelStream().map(o -> read(o, shapes, timestamps)).toList();
  }

  private static Reading read(
      StixObject o, PatternShapes shapes, Map<String, StixTimestamp> timestamps) {
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
    Optional<ObservationExpression> root = shapes.read(text.get());
    if (root.isEmpty()) {
      CheckResult checked = Patterns.check(text.get());
      if (!checked.ok()) {
        return new Reading.Rejected("pattern: " + checked.errors().getFirst());
      }
      root = checked.pattern().map(Pattern::root);
    }
    try {
      return Reading.Usable.of(
          new Compiled(
              o.id(),
              root.orElseThrow(),
              timestamp(o, "valid_from", timestamps),
              timestamp(o, "valid_until", timestamps)));
    } catch (StixFormatException e) {
      return new Reading.Rejected(e.getMessage());
    }
  }

  /** The newest version of each id, by {@code modified}; a later one in the list wins a tie. */
  private static List<StixObject> newestVersions(List<StixObject> input) {
    // StixId equality is the equality of its text, without building the text. Presized: a
    // million ids would otherwise rehash the map a dozen times.
    Map<StixId, Integer> position = new HashMap<>(input.size() * 4 / 3 + 16);
    List<StixObject> newest = new ArrayList<>(input.size());
    for (StixObject o : input) {
      Integer seen = position.putIfAbsent(o.id(), newest.size());
      if (seen == null) {
        newest.add(o);
      } else if (version(o).compareTo(version(newest.get(seen))) >= 0) {
        newest.set(seen, o);
      }
    }
    return newest;
  }

  /** A present but unreadable timestamp is an error, not an absent bound. */
  private static Optional<StixTimestamp> timestamp(
      StixObject o, String property, Map<String, StixTimestamp> parsed) {
    Optional<JsonValue> value = o.get(property);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof JsonString s)) {
      throw new StixFormatException(property + ": expected a timestamp string");
    }
    StixTimestamp known = parsed.get(s.value());
    if (known != null) {
      return Optional.of(known);
    }
    try {
      StixTimestamp t = StixTimestamp.parse(s.value());
      if (parsed.size() < 10_000) {
        parsed.put(s.value(), t);
      }
      return Optional.of(t);
    } catch (StixFormatException e) {
      throw new StixFormatException(property + ": " + e.getMessage());
    }
  }

  private static StixTimestamp version(StixObject o) {
    return o.version().orElse(EARLIEST);
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
    for (Compiled c : multi) {
      out.add(c.id().text());
    }
    return out;
  }

  // ---- for RawProbe ----

  /** Every index, single- and multi-observation, in no particular order. */
  private static List<PathIndex> allIndexes(
      Map<String, List<PathIndex>> single, Map<String, List<PathIndex>> multi) {
    List<PathIndex> all = new ArrayList<>();
    single.values().forEach(all::addAll);
    multi.values().forEach(all::addAll);
    return all;
  }

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

  /** Probes of other formats' raw strings, by format (EVE, or a JSON-lines mapping). */
  private final Map<Object, RawProbe> probes = new java.util.concurrent.ConcurrentHashMap<>();

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
