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
  private final Map<String, JsonObject> byId = new LinkedHashMap<>();

  ObservableSet(String source) {
    this.source = source;
  }

  /** Adds an object (with {@code type}, without {@code id}) and returns its id. */
  String add(JsonObject.Builder object) {
    JsonObject o = object.build();
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
