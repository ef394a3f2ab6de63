package org.wuzhen.stream;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.Match;
import org.wuzhen.detect.ObservableTypes;

/**
 * One state of the plan, immutable, as the stream threads match with it: a base engine compiled
 * from a snapshot of the indicators, the ids it holds in an older version or no longer ({@code
 * masked}: its matches of them are dropped), a delta engine of the indicators added or changed
 * since the base, and the multi-observation indicators of both compiled apart for stage B. Each
 * current indicator is in exactly one of base (unmasked) and delta, so the union of their matches
 * is what one engine compiled from every current indicator matches ({@code PlanLayersTest}).
 *
 * @param position the plan holds every record of the indicators topic before this offset
 * @param treeSize the transparency log tree size of the newest update it holds
 * @param version how many updates the plan had applied when this state was made
 */
record PlanSnapshot(
    DetectionEngine base,
    Set<String> masked,
    DetectionEngine delta,
    DetectionEngine multi,
    long position,
    long treeSize,
    long version) {
  static final DetectionEngine NONE = DetectionEngine.compile(List.of());
  static final PlanSnapshot EMPTY = new PlanSnapshot(NONE, Set.of(), NONE, NONE, 0, 0, 0);

  PlanSnapshot {
    requireNonNull(base, "base");
    masked = Set.copyOf(masked);
    requireNonNull(delta, "delta");
    requireNonNull(multi, "multi");
  }

  /** The single-observation indicators the event matches (in no particular order). */
  List<Match> match(Event event) {
    List<Match> base = this.base.match(event);
    List<Match> delta = this.delta.match(event);
    if (masked.isEmpty() && delta.isEmpty()) {
      return base;
    }
    List<Match> out = new ArrayList<>(base.size() + delta.size());
    for (Match m : base) {
      if (!masked.contains(m.indicatorId())) {
        out.add(m);
      }
    }
    out.addAll(delta);
    return out;
  }

  /** Whether the event satisfies a bracket of a multi-observation indicator (stage B keeps it). */
  boolean concernsMultiObservation(Event event) {
    return multi.concernsMultiObservation(event);
  }

  /**
   * The observable types the layers read: both engines' (the base's may still count a masked
   * indicator's types: a reader then builds an object no pattern looks at, which changes no match).
   */
  ObservableTypes observableTypes() {
    ObservableTypes b = base.observableTypes();
    ObservableTypes d = delta.observableTypes();
    if (b == ObservableTypes.ALL || d == ObservableTypes.ALL) {
      return ObservableTypes.ALL;
    }
    return type -> b.wants(type) || d.wants(type);
  }
}
