package org.wuzhen.detect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * What compiling indicators gives a {@link DetectionEngine}: the single-observation indicators in
 * columns and their indexes by object type, the multi-observation part, the report, the observable
 * types read and the filter over every exact key. Made by {@link #compile}, or read back from a
 * saved plan ({@link #readFrom}, the inverse of {@link #writeTo}; {@link PlanCache}).
 */
record EnginePlan(
    CompiledIndicators indicators,
    Map<String, List<PathIndex>> indexesByType,
    int[] alwaysCheck,
    CompileReport report,
    Multi multi,
    Optional<Set<String>> readTypes,
    HashFilter exactKeys) {

  /** The multi-observation part: the indicators, their brackets and their indexes. */
  record Multi(
      List<ParsedIndicator> indicators,
      List<Pattern> patterns,
      List<List<Pattern>> brackets,
      Map<String, List<PathIndex>> indexesByType,
      int[] alwaysCheck) {
    Multi {
      indicators = List.copyOf(indicators);
      patterns = List.copyOf(patterns);
      brackets = List.copyOf(brackets);
    }
  }

  /**
   * Compiles indicators. Only the newest version of each id (by {@code modified}) is used; revoked
   * ones, patterns of another {@code pattern_type} and patterns the checker refuses are left out
   * and counted in the report, never thrown.
   */
  static EnginePlan compile(List<StixObject> input) {
    List<StixObject> newest = IndicatorReading.newestVersions(input);
    List<IndicatorReading> readings = IndicatorReading.readAll(newest);
    CompiledIndicators compiled = new CompiledIndicators();
    Map<ObjectPath, PathIndex.Builder> byPath = new LinkedHashMap<>();
    List<Integer> alwaysCheck = new ArrayList<>();
    List<CompileReport.Rejection> rejected = new ArrayList<>();
    int indexed = 0;
    int fallback = 0;
    int multiObservation = 0;
    List<ParsedIndicator> multi = new ArrayList<>();
    List<Pattern> multiPatterns = new ArrayList<>();
    List<List<Pattern>> multiBrackets = new ArrayList<>();
    Map<ObjectPath, PathIndex.Builder> multiByPath = new LinkedHashMap<>();
    List<Integer> multiAlwaysCheck = new ArrayList<>();
    int revoked = 0;
    PlanTypes planTypes = new PlanTypes();
    for (int k = 0; k < newest.size(); k++) {
      StixObject o = newest.get(k);
      switch (readings.get(k)) {
        case IndicatorReading.Rejected r ->
            rejected.add(new CompileReport.Rejection(o.id().text(), r.why()));
        case IndicatorReading.Revoked r -> revoked++;
        case IndicatorReading.Usable u when !IndexKeys.singleObservation(u.indicator().root()) -> {
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
        case IndicatorReading.Usable u -> {
          planTypes.add(u.indicator().root());
          ParsedIndicator c = u.indicator();
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
    return new EnginePlan(
        compiled,
        indexes,
        ints(alwaysCheck),
        report,
        new Multi(multi, multiPatterns, multiBrackets, multiIndexes, ints(multiAlwaysCheck)),
        planTypes.result(),
        RawProbe.exactKeys(allIndexes(indexes, multiIndexes)));
  }

  /** Writes the whole plan; {@link #readFrom} gives a plan equal to it. */
  void writeTo(PlanFile.Out out) throws IOException {
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
    out.writeInt(multi.indicators().size());
    for (ParsedIndicator c : multi.indicators()) {
      out.writeString(c.id().text());
      out.writePattern(c.pattern());
      writeTime(out, c.validFrom());
      writeTime(out, c.validUntil());
    }
    writeIndexes(out, multi.indexesByType());
    out.writeInts(multi.alwaysCheck());
    out.writeBoolean(readTypes.isPresent());
    Set<String> types = readTypes.orElse(Set.of());
    out.writeInt(types.size());
    for (String t : types) {
      out.writeString(t);
    }
    exactKeys.writeTo(out);
  }

  static EnginePlan readFrom(PlanFile.In in) {
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
    List<ParsedIndicator> multi = new ArrayList<>();
    List<Pattern> multiPatterns = new ArrayList<>();
    List<List<Pattern>> multiBrackets = new ArrayList<>();
    for (int n = in.readCount(8); n > 0; n--) {
      StixId id = StixId.parse(in.readString());
      ObservationExpression root = in.readPattern().root();
      ParsedIndicator c = new ParsedIndicator(id, root, readTime(in), readTime(in));
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
    Set<String> types = new HashSet<>();
    for (int n = in.readCount(4); n > 0; n--) {
      types.add(in.readString());
    }
    HashFilter exactKeys = HashFilter.readFrom(in);
    return new EnginePlan(
        indicators,
        indexes,
        alwaysCheck,
        report,
        new Multi(multi, multiPatterns, multiBrackets, multiIndexes, multiAlwaysCheck),
        typed ? Optional.of(Set.copyOf(types)) : Optional.empty(),
        exactKeys);
  }

  private static void writeIndexes(PlanFile.Out out, Map<String, List<PathIndex>> byType)
      throws IOException {
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

  private static void writeTime(PlanFile.Out out, Optional<StixTimestamp> t) throws IOException {
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

  /** Every index, single- and multi-observation, in no particular order. */
  private static List<PathIndex> allIndexes(
      Map<String, List<PathIndex>> single, Map<String, List<PathIndex>> multi) {
    List<PathIndex> all = new ArrayList<>();
    single.values().forEach(all::addAll);
    multi.values().forEach(all::addAll);
    return all;
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
}
