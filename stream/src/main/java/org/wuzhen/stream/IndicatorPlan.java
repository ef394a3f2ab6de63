package org.wuzhen.stream;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;

/**
 * The indicators an instance matches with, as the compacted indicators topic holds them, compiled
 * in layers ({@link PlanSnapshot}) so that an update costs the compile of the few indicators
 * changed since the base, not of a million: the delta is compiled at the first event after updates
 * (a burst of updates, or the restore at start, costs one compile), and when the delta and the
 * masked ids pass {@code compactAfter}, a new base is compiled in the background from the
 * indicators' bytes and swapped in, the updates made meanwhile becoming its delta. No event is
 * matched with a state older than the updates read before it.
 *
 * <p>It also keeps what retro-hunting needs ({@link AdditionJournal}): the recent additions by
 * their offset in the indicators topic.
 *
 * <p>Thread-safe: updates (the global thread), compile and compaction synchronise on this; the
 * stream threads read an immutable snapshot through a volatile field.
 */
final class IndicatorPlan {
  private static final Logger LOG = LoggerFactory.getLogger(IndicatorPlan.class);

  /**
   * Delta plus masked ids beyond which a new base is compiled (a delta this size compiles in ms).
   */
  static final int DEFAULT_COMPACT_AFTER = 5_000;

  private final int compactAfter;
  private final Executor compactor;

  /** Every current indicator as the topic carries it: the base is compiled from these. */
  private final Map<String, byte[]> current = new HashMap<>();

  /** Indicators added or changed since the base, parsed (compiled into the delta engine). */
  private final Map<String, StixObject> delta = new LinkedHashMap<>();

  /** Ids the base holds in an older version or no longer. */
  private final Set<String> masked = new HashSet<>();

  /** Ids withdrawn (tombstoned) and not back since: their return is not a new indicator. */
  private final Set<String> withdrawn = new HashSet<>();

  private final AdditionJournal additions = new AdditionJournal(AdditionJournal.DEFAULT_CAPACITY);
  private DetectionEngine base;
  private Map<String, StixObject> baseMulti = Map.of();
  private DetectionEngine multi = PlanSnapshot.NONE;
  private List<StixObject> multiSource = List.of();

  /** Ids updated while a compaction runs; null when none runs. */
  private Set<String> touched;

  private long treeSize;
  private long position;
  private long version;
  private volatile long applied;
  private volatile long compactions;
  private volatile PlanSnapshot snapshot = PlanSnapshot.EMPTY;

  /** A plan that compacts in a background thread of its own. */
  IndicatorPlan() {
    this(DEFAULT_COMPACT_AFTER, IndicatorPlan::background);
  }

  IndicatorPlan(int compactAfter, Executor compactor) {
    if (compactAfter < 1) {
      throw new IllegalArgumentException("compactAfter: must be at least 1, found " + compactAfter);
    }
    this.compactAfter = compactAfter;
    this.compactor = requireNonNull(compactor, "compactor");
  }

  private static void background(Runnable r) {
    Thread t = new Thread(r, "wuzhen-plan-compaction");
    t.setDaemon(true);
    t.setPriority(Thread.NORM_PRIORITY - 1);
    t.start();
  }

  /**
   * The newest version of an indicator, read from the topic at {@code offset}; {@code isNew}: the
   * id was not in the plan before (and not withdrawn from it), so retro-hunting may look for it.
   */
  synchronized void put(StixObject indicator, byte[] json, long treeSize, long offset, New isNew) {
    String id = indicator.id().text();
    boolean added =
        switch (isNew) {
          case YES -> true;
          case NO -> false;
          case UNSAID -> !current.containsKey(id) && !withdrawn.contains(id);
        };
    current.put(id, json);
    withdrawn.remove(id);
    delta.put(id, indicator);
    changed(id, treeSize, offset);
    if (added) {
      additions.add(offset, id, json);
    }
  }

  /** Whether the publisher said an indicator is new to the topic. */
  enum New {
    YES,
    NO,
    UNSAID
  }

  /** A tombstone read at {@code offset}: the indicator was revoked or excluded. */
  synchronized void remove(String id, long treeSize, long offset) {
    current.remove(id);
    delta.remove(id);
    withdrawn.add(id);
    changed(id, treeSize, offset);
  }

  /** A record at {@code offset} that changed nothing (not an indicator): the position moves on. */
  synchronized void skip(long offset) {
    position = Math.max(position, offset + 1);
    version++;
    applied = version;
  }

  private void changed(String id, long treeSize, long offset) {
    if (base != null) {
      masked.add(id);
    }
    if (touched != null) {
      touched.add(id);
    }
    this.treeSize = Math.max(this.treeSize, treeSize);
    position = Math.max(position, offset + 1);
    version++;
    applied = version;
  }

  /** The plan holding every update read so far, compiled now if it is stale. */
  PlanSnapshot current() {
    PlanSnapshot s = snapshot;
    if (s.version() == applied) {
      return s;
    }
    synchronized (this) {
      if (snapshot.version() != version) {
        snapshot = compile();
      }
      return snapshot;
    }
  }

  private PlanSnapshot compile() {
    if (base == null) {
      // The first compile (the restore at start): everything read so far becomes the base.
      base = DetectionEngine.compile(new ArrayList<>(delta.values()));
      baseMulti = multiOf(base, delta);
      delta.clear();
      masked.clear();
    }
    DetectionEngine deltaEngine =
        delta.isEmpty()
            ? PlanSnapshot.NONE
            : DetectionEngine.compile(new ArrayList<>(delta.values()));
    List<StixObject> multiNow = new ArrayList<>();
    for (Map.Entry<String, StixObject> e : baseMulti.entrySet()) {
      if (!masked.contains(e.getKey())) {
        multiNow.add(e.getValue());
      }
    }
    for (String id : deltaEngine.multiObservationIds()) {
      multiNow.add(delta.get(id));
    }
    if (!sameObjects(multiNow, multiSource)) {
      multi = DetectionEngine.compile(multiNow);
      multiSource = multiNow;
    }
    if (touched == null && delta.size() + masked.size() >= compactAfter) {
      startCompaction();
    }
    return new PlanSnapshot(base, masked, deltaEngine, multi, position, treeSize, version);
  }

  private static boolean sameObjects(List<StixObject> a, List<StixObject> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, StixObject> multiOf(
      DetectionEngine engine, Map<String, StixObject> from) {
    Map<String, StixObject> out = new HashMap<>();
    for (String id : engine.multiObservationIds()) {
      out.put(id, from.get(id));
    }
    return out;
  }

  /** Starts compiling a new base from the current indicators; under the lock. */
  private void startCompaction() {
    touched = new HashSet<>();
    List<byte[]> snapshotOfBytes = new ArrayList<>(current.values());
    compactor.execute(() -> compact(snapshotOfBytes));
  }

  /** Compiles the new base off the lock, then installs it with the updates made meanwhile. */
  private void compact(List<byte[]> indicators) {
    DetectionEngine next;
    Map<String, StixObject> nextMulti = new HashMap<>();
    try {
      // The parsed indicators live only while this compiles (the plan keeps their bytes).
      List<StixObject> list =
          indicators.parallelStream()
              .map(IndicatorPlan::parse)
              .filter(java.util.Objects::nonNull)
              .toList();
      next = DetectionEngine.compile(list);
      Set<String> multiIds = new HashSet<>(next.multiObservationIds());
      for (StixObject o : list) {
        if (multiIds.contains(o.id().text())) {
          nextMulti.put(o.id().text(), o);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("plan compaction failed; the delta keeps growing until the next one", e);
      synchronized (this) {
        touched = null;
      }
      return;
    }
    synchronized (this) {
      // The new base holds every indicator as it was when the compaction started; those updated
      // since are masked in it and carried by the delta.
      base = next;
      baseMulti = nextMulti;
      delta.keySet().retainAll(touched);
      masked.clear();
      masked.addAll(touched);
      touched = null;
      version++;
      applied = version;
      compactions++;
    }
  }

  private static StixObject parse(byte[] json) {
    try {
      return StixObject.parse(json);
    } catch (StixFormatException e) {
      return null; // PlanUpdater parsed it once already; it cannot fail here
    }
  }

  /** Whether the plan holds the indicator now. */
  synchronized boolean holds(String id) {
    return current.containsKey(id);
  }

  synchronized int size() {
    return current.size();
  }

  synchronized Set<String> ids() {
    return Set.copyOf(current.keySet());
  }

  /** Ids withdrawn from the topic and not back (for the publisher's {@code new} header). */
  synchronized Set<String> withdrawnIds() {
    return Set.copyOf(withdrawn);
  }

  /** The position the global thread has read to (the snapshot may not be compiled yet). */
  synchronized long position() {
    return position;
  }

  /** How many new bases the background compaction installed. */
  long compactions() {
    return compactions;
  }

  /** The additions at offsets in [from, to), for retro-hunting. */
  synchronized AdditionJournal.Between additionsBetween(long from, long to) {
    return additions.between(from, to);
  }
}
