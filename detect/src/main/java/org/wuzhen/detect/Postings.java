package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The indicators one index key selects, packed in one int: most keys select a single indicator,
 * whose number is then the int itself (&ge; 0); a key shared by several stores {@code -(1 +
 * offset)} into one array holding, at that offset, the count and then the indicator numbers. This
 * keeps the common case free of any object. Filled while the engine compiles, read-only after.
 */
final class Postings {
  /** No indicator: what a table answers for a key it does not hold. */
  static final int NONE = Integer.MIN_VALUE;

  private int[] lists = new int[16];
  private int used;

  /**
   * The packed posting for {@code indicators} (ascending, at least one, duplicates allowed and
   * dropped).
   */
  int pack(int[] indicators, int count) {
    if (count == 1) {
      return indicators[0];
    }
    int[] sorted = Arrays.copyOf(indicators, count);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    if (distinct == 1) {
      return sorted[0];
    }
    if (used + distinct + 1 > lists.length) {
      lists = Arrays.copyOf(lists, Math.max(lists.length * 2, used + distinct + 1));
    }
    int offset = used;
    lists[used++] = distinct;
    System.arraycopy(sorted, 0, lists, used, distinct);
    used += distinct;
    return -(1 + offset);
  }

  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writeInts(lists, used);
  }

  static Postings readFrom(PlanFile.In in) {
    Postings p = new Postings();
    p.lists = in.readInts();
    p.used = p.lists.length;
    return p;
  }

  /** Drops the spare capacity once every posting is packed. */
  void trim() {
    lists = Arrays.copyOf(lists, used);
  }

  /** Adds the indicators of a packed posting to {@code out}. */
  void collect(int posting, Hits out) {
    if (posting >= 0) {
      out.add(posting);
    } else if (posting != NONE) {
      int offset = -(posting + 1);
      int count = lists[offset];
      for (int i = 1; i <= count; i++) {
        out.add(lists[offset + i]);
      }
    }
  }
}
