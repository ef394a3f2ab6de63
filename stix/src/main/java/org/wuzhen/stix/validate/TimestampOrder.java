package org.wuzhen.stix.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orderings STIX 2.1 requires between timestamp properties of one object (stix2 {@code
 * enums.TIMESTAMP_COMPARE} plus network-traffic start/end, §6.12). The object validator stores each
 * valid timestamp in its slot while scanning and compares the pairs afterwards.
 *
 * @param earlier slot of the property that must come first
 * @param later slot of the property that must come after
 * @param strict true when the later one must be strictly later
 */
record TimestampOrder(int earlier, int later, boolean strict) {
  static final String[] NAMES = {
    "created",
    "modified",
    "first_seen",
    "last_seen",
    "valid_from",
    "valid_until",
    "first_observed",
    "last_observed",
    "start_time",
    "stop_time",
    "start",
    "end"
  };

  static final int CREATED = 0;
  static final int MODIFIED = 1;

  private static final Map<String, Integer> SLOTS = slots();

  static final List<TimestampOrder> ALL =
      List.of(
          new TimestampOrder(0, 1, false), // modified >= created (§3.2)
          new TimestampOrder(2, 3, false), // last_seen >= first_seen
          new TimestampOrder(4, 5, true), // valid_until > valid_from (§4.7)
          new TimestampOrder(6, 7, false), // last_observed >= first_observed (§4.13)
          new TimestampOrder(8, 9, true), // stop_time > start_time (§5.1)
          new TimestampOrder(10, 11, false)); // end >= start (§6.12)

  static int slotOf(String name) {
    Integer slot = SLOTS.get(name);
    return slot == null ? -1 : slot;
  }

  private static Map<String, Integer> slots() {
    HashMap<String, Integer> m = new HashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], i);
    }
    return Map.copyOf(m);
  }
}
