package org.wuzhen.stream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.TreeMap;

/**
 * The indicators new to the plan, by the offset of their record in the indicators topic: what a
 * telemetry partition's retro-hunt looks for when its task switches from one plan position to a
 * later one. Bounded: beyond {@code capacity} the oldest additions are dropped, and a range that
 * reaches below them says so ({@link Between#complete}). Not thread-safe ({@link IndicatorPlan}
 * guards it).
 */
final class AdditionJournal {
  static final int DEFAULT_CAPACITY = 50_000;

  /** An indicator new to the plan at {@code offset}, as the topic carried it. */
  record Addition(long offset, String id, byte[] json) {
    Addition {
      requireNonNull(id, "id");
      requireNonNull(json, "json");
    }
  }

  /**
   * The additions in a range; {@code complete} false when older additions of the range were
   * dropped.
   */
  record Between(List<Addition> additions, boolean complete) {
    Between {
      additions = List.copyOf(additions);
    }
  }

  private final int capacity;
  private final TreeMap<Long, Addition> byOffset = new TreeMap<>();

  /** Additions at offsets below this were dropped. */
  private long floor;

  AdditionJournal(int capacity) {
    this.capacity = capacity;
  }

  void add(long offset, String id, byte[] json) {
    byOffset.put(offset, new Addition(offset, id, json));
    while (byOffset.size() > capacity) {
      floor = byOffset.pollFirstEntry().getKey() + 1;
    }
  }

  /** The additions at offsets in [from, to). */
  Between between(long from, long to) {
    if (to <= from) {
      return new Between(List.of(), true);
    }
    return new Between(List.copyOf(byOffset.subMap(from, to).values()), from >= floor);
  }
}
