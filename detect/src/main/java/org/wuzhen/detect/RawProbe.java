package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.wuzhen.pattern.ObjectPath;

/**
 * What a line-rate reader asks of a compiled plan before it builds an event: may any index key hit
 * one of the raw strings of a record? The keys are a necessary condition of every match (see
 * docs/detection.md), so when no string a record's observables are copied from hits any index on
 * the types the record can build, the event matches nothing and need not be built. That holds only
 * for paths whose value a reader copies verbatim from one string of the record ({@code verbatim});
 * a type with an index on any other path ({@code url:value} is composed, {@code network-traffic}
 * ports are numbers, {@code dst_ref.value} follows a reference) makes every record that can build
 * that type be read whole, and so does a plan with indicators checked on every event. Immutable and
 * thread-safe (the cache of index lists is concurrent).
 */
final class RawProbe {
  private final boolean everyRecord;
  private final Map<String, List<PathIndex>> verbatimByType;
  private final Set<String> otherTypes;
  private final Map<Set<String>, PathIndex[]> forTypes = new ConcurrentHashMap<>();

  /** No index hits and no unindexed indicator: an empty array when nothing can match. */
  private static final PathIndex[] NOTHING = new PathIndex[0];

  RawProbe(DetectionEngine engine, Predicate<ObjectPath> verbatim) {
    this.everyRecord = engine.alwaysCheckCount() > 0 || engine.multiAlwaysCheckCount() > 0;
    Map<String, List<PathIndex>> byType = new java.util.HashMap<>();
    Set<String> other = new java.util.HashSet<>();
    List<PathIndex> all = new ArrayList<>();
    engine.indexesByType().values().forEach(all::addAll);
    engine.multiIndexesByType().values().forEach(all::addAll);
    for (PathIndex index : all) {
      String type = index.path().objectType();
      if (verbatim.test(index.path())) {
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(index);
      } else {
        other.add(type);
      }
    }
    this.verbatimByType = Map.copyOf(byType);
    this.otherTypes = Set.copyOf(other);
  }

  /**
   * The indexes to probe with the strings of a record that can build only {@code types}, or null
   * when such a record must be read whole. Cached per set of types (a format has a handful).
   */
  PathIndex[] indexesFor(Set<String> types) {
    if (everyRecord) {
      return null;
    }
    PathIndex[] known = forTypes.get(types);
    if (known != null) {
      return known == NOTHING ? null : known;
    }
    PathIndex[] computed = compute(types);
    forTypes.put(types, computed == null ? NOTHING : computed);
    return computed;
  }

  private PathIndex[] compute(Set<String> types) {
    List<PathIndex> out = new ArrayList<>();
    for (String type : types) {
      if (otherTypes.contains(type)) {
        return null;
      }
      out.addAll(verbatimByType.getOrDefault(type, List.of()));
    }
    return out.toArray(PathIndex[]::new);
  }

  /** Whether {@code text} hits an index key of one of {@code indexes}. */
  static boolean hits(PathIndex[] indexes, CharSequence text, Hits scratch) {
    for (PathIndex index : indexes) {
      scratch.clear();
      index.probe(text, scratch);
      if (!scratch.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
