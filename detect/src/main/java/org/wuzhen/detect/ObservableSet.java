package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixId;

/**
 * The cyber-observable objects of one event while they are built: each gets its deterministic id
 * (STIX 2.1 §2.9, {@link ScoIds}) so references can name it, and an object seen twice in one event
 * (the same address as source and in an answer) is kept once. Mutable; one per event.
 */
final class ObservableSet {
  private final String source;
  private final ObservableTypes wanted;
  private final Map<String, JsonObject> byId = new LinkedHashMap<>();

  ObservableSet(String source) {
    this(source, ObservableTypes.ALL);
  }

  ObservableSet(String source, ObservableTypes wanted) {
    this.source = source;
    this.wanted = wanted;
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
    String id =
        ScoIds.compute(o)
            .map(StixId::text)
            // No ID-contributing property present: an id unique to this event's object, still
            // reproducible for the same input (the spec asks for a UUIDv4 here).
            .orElseGet(
                () ->
                    o.string("type").orElseThrow()
                        + "--"
                        + ScoIds.uuidV5(ScoIds.NAMESPACE, source + "#" + byId.size()));
    byId.putIfAbsent(id, o.with("id", new org.wuzhen.stix.JsonString(id)));
    return id;
  }

  List<JsonObject> objects() {
    return new ArrayList<>(byId.values());
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }
}
