package org.wuzhen.detect;

/**
 * The members of the line a {@link JsonTape} scanned, by object and name: open addressing over
 * longs, each the line's stamp (high half) and the member's node, valid only when its stamp is the
 * line's, so nothing is cleared between lines. A line starts with the smallest table (2 KiB, in the
 * L1 cache with the nodes) and moves to the next, twice as large, when it holds more than half as
 * many members as slots. Filled as the scan goes (which refuses a duplicate name by it), or on the
 * first lookup. Mutable; one per tape.
 */
final class MemberTable {
  private static final int FIRST_TABLE_BITS = 8;
  private static final int TABLE_SIZES =
      Integer.numberOfTrailingZeros(2 * JsonTape.MAX_NODES) - FIRST_TABLE_BITS + 1;

  private final JsonTape tape;
  private final long[][] tables = new long[TABLE_SIZES][];
  private long[] slots;
  private int slotBits;
  private int members;
  private int stamp;

  /** Whether the table holds every member of the line. */
  private boolean complete;

  MemberTable(JsonTape tape) {
    this.tape = tape;
  }

  /**
   * Empties the table for a new line; {@code filling}: the scan inserts every member as it goes,
   * else the table is filled on the first lookup.
   */
  void reset(boolean filling) {
    nextStamp();
    complete = filling;
  }

  /** A new stamp, and the smallest table: no slot of an earlier stamp looks current. */
  private void nextStamp() {
    if (++stamp == 0) { // after 2^32 stamps: no slot may look current by chance
      for (long[] t : tables) {
        if (t != null) {
          java.util.Arrays.fill(t, 0);
        }
      }
      stamp = 1;
    }
    slotBits = FIRST_TABLE_BITS;
    slots = table(slotBits);
    members = 0;
  }

  /** Puts the members of {@code object} linked so far in the table, all distinct. */
  void placeChildren(int object) {
    for (int c = tape.firstChild(object); c >= 0; c = tape.nextSibling(c)) {
      if (++members * 2 > slots.length) {
        growSlots();
      }
      place(c);
    }
  }

  /** Every member of the line in the table, on the first lookup of a line not filled. */
  private void fill() {
    nextStamp();
    int nodes = tape.nodeCount();
    int named = 0;
    for (int k = 0; k < nodes; k++) {
      if (tape.named(k)) {
        named++;
      }
    }
    while (named * 2 > (1 << slotBits)) {
      slotBits++;
    }
    slots = table(slotBits);
    members = named;
    for (int k = 0; k < nodes; k++) {
      if (tape.named(k)) {
        place(k);
      }
    }
    complete = true;
  }

  /** Puts node {@code k} in the first free slot from its home; the caller knows it is not there. */
  private void place(int k) {
    int mask = slots.length - 1;
    int i = home(tape.parent(k), tape.nameHash(k));
    while ((int) (slots[i] >>> 32) == stamp) {
      i = (i + 1) & mask;
    }
    slots[i] = (long) stamp << 32 | k;
  }

  private long[] table(int bits) {
    int at = bits - FIRST_TABLE_BITS;
    if (tables[at] == null) {
      tables[at] = new long[1 << bits];
    }
    return tables[at];
  }

  private int home(int object, int hash) {
    return ((hash + object * 0x61C88647) * 0x9E3779B9) >>> (32 - slotBits);
  }

  /**
   * Moves to the next table with every member in this one (of this stamp: a larger table is not
   * used again within a stamp once left, so it holds none of it).
   */
  private void growSlots() {
    long[] old = slots;
    slotBits++;
    slots = table(slotBits);
    for (long slot : old) {
      if ((int) (slot >>> 32) == stamp) {
        place((int) slot);
      }
    }
  }

  /**
   * Adds member {@code m} (name hash {@code h}) of {@code object}; false when its name is there.
   */
  boolean insert(int object, int m, int h) {
    if (++members * 2 > slots.length) {
      growSlots();
    }
    int mask = slots.length - 1;
    for (int i = home(object, h); ; i = (i + 1) & mask) {
      long slot = slots[i];
      if ((int) (slot >>> 32) != stamp) {
        slots[i] = (long) stamp << 32 | m;
        return true;
      }
      int other = (int) slot;
      if (tape.parent(other) == object && tape.sameName(other, m)) {
        return false;
      }
    }
  }

  /** The member {@code name} of object node {@code object}, or -1; no allocation. */
  int member(int object, MemberName name) {
    if (!complete) {
      fill();
    }
    int h = name.hash;
    int mask = slots.length - 1;
    for (int i = home(object, h); ; i = (i + 1) & mask) {
      long slot = slots[i];
      if ((int) (slot >>> 32) != stamp) {
        return -1;
      }
      int m = (int) slot;
      if (tape.parent(m) == object && tape.nameIs(m, name)) {
        return m;
      }
    }
  }
}
