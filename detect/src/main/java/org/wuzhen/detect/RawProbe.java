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
  private final HashFilter exactKeys;
  private final Map<Set<String>, Indexes> forTypes = new ConcurrentHashMap<>();

  /** Marks, in the cache, a set of types whose records must be read whole. */
  private static final Indexes WHOLE = new Indexes(new PathIndex[0], HashFilter.ALL);

  RawProbe(DetectionEngine engine, Predicate<ObjectPath> verbatim) {
    this.exactKeys = engine.exactKeys();
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
  Indexes indexesFor(Set<String> types) {
    if (everyRecord) {
      return null;
    }
    Indexes known = forTypes.get(types);
    if (known != null) {
      return known == WHOLE ? null : known;
    }
    PathIndex[] computed = compute(types);
    Indexes indexes = computed == null ? null : new Indexes(computed, exactKeys);
    forTypes.put(types, indexes == null ? WHOLE : indexes);
    return indexes;
  }

  private final Map<List<Set<String>>, Indexes> narrowed = new ConcurrentHashMap<>();

  /**
   * The indexes of {@code fieldTypes} only, for the strings of one field of a record that can build
   * {@code recordTypes}; null when such a record must be read whole. They share the record's filter
   * (a superset of their keys, so it still never rules out a key): one filter per kind of record is
   * read line after line, where a filter per field would take that much cache per field.
   */
  Indexes indexesFor(Set<String> recordTypes, Set<String> fieldTypes) {
    Indexes record = indexesFor(recordTypes);
    if (record == null) {
      return null;
    }
    return narrowed.computeIfAbsent(List.of(recordTypes, fieldTypes), k -> record.only(fieldTypes));
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

  /**
   * The filter over the exact keys of every index of a plan, single- and multi-observation: one per
   * plan, made when it is compiled and saved with it ({@link DetectionEngine#exactKeys}), so that
   * no reader builds one over a million keys at its first line. It holds more keys than the indexes
   * of one kind of record probe, which never rules out one of theirs; it is sized for all of them,
   * so it still answers "maybe" to about 1 % of other texts.
   */
  static HashFilter exactKeys(Iterable<PathIndex> indexes) {
    int keys = 0;
    for (PathIndex index : indexes) {
      keys += index.exactText().size();
    }
    int[] hashes = new int[keys];
    int n = 0;
    for (PathIndex index : indexes) {
      n = index.exactText().copyHashes(hashes, n);
    }
    return HashFilter.of(hashes, n);
  }

  /** Whether {@code text} hits an index key of one of {@code indexes}. */
  static boolean hits(Indexes indexes, CharSequence text, Hits scratch) {
    return indexes.hits(text, scratch);
  }

  /**
   * The indexes probed for the strings of a record of some types, behind one {@link HashFilter}
   * holding the exact keys of all of them (the plan's, {@link #exactKeys}): a string that hits no
   * exact key (nearly every string) costs one read of the filter instead of one slot read per
   * table. Immutable and thread-safe.
   */
  static final class Indexes {
    private final PathIndex[] indexes;
    private final HashFilter exact;

    Indexes(PathIndex[] indexes, HashFilter exact) {
      this.indexes = indexes;
      this.exact = exact;
    }

    /** The indexes on paths of {@code types}, behind this filter. */
    Indexes only(Set<String> types) {
      List<PathIndex> kept = new ArrayList<>();
      for (PathIndex index : indexes) {
        if (types.contains(index.path().objectType())) {
          kept.add(index);
        }
      }
      return new Indexes(kept.toArray(PathIndex[]::new), exact);
    }

    /**
     * Whether {@code other} probes the very same indexes (its filter aside): then a text misses in
     * one exactly when it misses in the other.
     */
    boolean sameIndexes(Indexes other) {
      if (other.indexes.length != indexes.length) {
        return false;
      }
      for (int i = 0; i < indexes.length; i++) {
        if (other.indexes[i] != indexes[i]) {
          return false;
        }
      }
      return true;
    }

    /** No index: nothing a record holds can hit. */
    boolean isEmpty() {
      return indexes.length == 0;
    }

    /** Whether {@code text} hits an index key of one of the indexes. */
    boolean hits(CharSequence text, Hits scratch) {
      int hash = text instanceof AsciiText a ? a.textHash() : text.hashCode();
      boolean exactMaybe = exact.mayHold(hash);
      for (PathIndex index : indexes) {
        scratch.clear();
        index.probe(text, hash, exactMaybe, scratch);
        if (!scratch.isEmpty()) {
          return true;
        }
      }
      return false;
    }
  }
}
