package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixId;

/**
 * The cyber-observable objects of one event while they are built: each gets its deterministic id
 * (STIX 2.1 §2.9, {@link ScoIds}) so references can name it, and an object seen twice in one event
 * (the same address as source and in an answer) is kept once.
 *
 * <p>Given {@link MatchFields} for its types, the set builds an event for matching only: each
 * object keeps its type and the properties the plan reads, under an id unique within the event (no
 * SHA-1, no copy, no duplicate check: a repeated object does not change a match), and the ids it
 * returns for references are those ids. Mutable; one per event.
 */
final class ObservableSet {
  /** Ids of objects of an event built for matching: unique within the event, nothing more. */
  private static final String[] MATCHING_IDS = new String[64];

  static {
    for (int i = 0; i < MATCHING_IDS.length; i++) {
      MATCHING_IDS[i] = "matching--" + i;
    }
  }

  private final String source;
  private final ObservableTypes wanted;
  private final MatchFields matching;
  private final Map<String, JsonObject> byId;
  private final List<JsonObject> matchingObjects;

  ObservableSet(String source) {
    this(source, ObservableTypes.ALL);
  }

  ObservableSet(String source, ObservableTypes wanted) {
    this.source = source;
    this.wanted = wanted;
    this.matching = wanted instanceof MatchFields f ? f : null;
    this.byId = matching == null ? new LinkedHashMap<>() : null;
    this.matchingObjects = matching == null ? null : new ArrayList<>(8);
  }

  /** Whether objects of this type are kept (readers may skip building the others). */
  boolean wants(String type) {
    return wanted.wants(type);
  }

  /**
   * Adds an object (with {@code type}, without {@code id}) and returns its id. An object of a type
   * not wanted is dropped unbuilt, and its id is a placeholder nothing can match.
   */
  String add(JsonObject.Builder object) {
    JsonObject o = object.build();
    String type = o.string("type").orElseThrow();
    if (!wanted.wants(type)) {
      return type + "--00000000-0000-0000-0000-000000000000";
    }
    if (matching != null) {
      return addForMatching(type, o);
    }
    String id = knownId(o);
    if (id == null) {
      id = computedId(o);
    }
    byId.putIfAbsent(id, o.with("id", new org.wuzhen.stix.JsonString(id)));
    return id;
  }

  private String addForMatching(String type, JsonObject o) {
    int n = matchingObjects.size();
    String id = n < MATCHING_IDS.length ? MATCHING_IDS[n] : "matching--" + n;
    JsonObject kept = o;
    for (int i = o.size() - 1; i >= 0; i--) {
      String name = o.nameAt(i);
      if (!name.equals("type") && !matching.keeps(type, name)) {
        kept = kept.without(name);
      }
    }
    matchingObjects.add(kept.with("id", new JsonString(id)));
    return id;
  }

  /**
   * Ids of objects met lately on this thread. The same address or name comes line after line, and
   * its id (SHA-1 over its canonical JSON) is a function of the object alone, so it is computed
   * once. Bounded: emptied when full.
   */
  private static final ThreadLocal<Map<JsonObject, String>> RECENT_IDS =
      ThreadLocal.withInitial(java.util.HashMap::new);

  private static final int MAX_RECENT_IDS = 8192;

  private static String knownId(JsonObject o) {
    return RECENT_IDS.get().get(o);
  }

  private String computedId(JsonObject o) {
    java.util.Optional<StixId> computed = ScoIds.compute(o);
    if (computed.isPresent()) {
      Map<JsonObject, String> recent = RECENT_IDS.get();
      if (recent.size() >= MAX_RECENT_IDS) {
        recent.clear();
      }
      recent.put(o, computed.get().text());
      return computed.get().text();
    }
    return fallbackId(o);
  }

  /**
   * No ID-contributing property present: an id unique to this event's object, still reproducible
   * for the same input (the spec asks for a UUIDv4 here).
   */
  private String fallbackId(JsonObject o) {
    return o.string("type").orElseThrow()
        + "--"
        + ScoIds.uuidV5(ScoIds.NAMESPACE, source + "#" + byId.size());
  }

  List<JsonObject> objects() {
    return matching != null ? matchingObjects : new ArrayList<>(byId.values());
  }

  boolean isEmpty() {
    return matching != null ? matchingObjects.isEmpty() : byId.isEmpty();
  }
}
