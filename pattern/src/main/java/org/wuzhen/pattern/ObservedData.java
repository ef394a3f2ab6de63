package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;

/**
 * One observed-data object as the evaluator sees it: its id, observation interval, count and the
 * cyber-observable objects it holds, keyed by the name references use (the SCO id for {@code
 * object_refs}, the dictionary key for the deprecated embedded {@code objects}).
 */
public record ObservedData(
    String id,
    StixTimestamp firstObserved,
    StixTimestamp lastObserved,
    long numberObserved,
    Map<String, JsonObject> objects) {

  public ObservedData {
    requireNonNull(id, "id");
    requireNonNull(firstObserved, "firstObserved");
    requireNonNull(lastObserved, "lastObserved");
    objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    if (numberObserved < 1) {
      throw new IllegalArgumentException("number_observed must be at least 1");
    }
    if (lastObserved.isBefore(firstObserved)) {
      throw new IllegalArgumentException("last_observed is earlier than first_observed");
    }
  }

  /**
   * Every observed-data object of a bundle (or of a JSON array of objects), in order, with the SCOs
   * its {@code object_refs} name resolved against the other objects. References to objects that are
   * not present are skipped.
   *
   * @throws ObservationDataException naming the object and property that cannot be read
   */
  public static List<ObservedData> fromBundle(JsonValue bundleOrArray) {
    JsonArray objects;
    if (bundleOrArray instanceof JsonArray a) {
      objects = a;
    } else if (bundleOrArray instanceof JsonObject o && o.array("objects").isPresent()) {
      objects = o.array("objects").get();
    } else {
      throw new ObservationDataException(
          "expected a bundle with an 'objects' array or a JSON array of objects, found "
              + bundleOrArray.kind());
    }
    Map<String, JsonObject> byId = new HashMap<>();
    for (JsonValue v : objects.elements()) {
      if (v instanceof JsonObject o && o.string("id").isPresent()) {
        byId.putIfAbsent(o.string("id").get(), o);
      }
    }
    List<ObservedData> out = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i) instanceof JsonObject o
          && o.string("type").orElse("").equals("observed-data")) {
        out.add(from(o, byId, "objects[" + i + "]"));
      }
    }
    return out;
  }

  /** Reads one observed-data object; {@code byId} resolves its {@code object_refs}. */
  public static ObservedData from(JsonObject o, Map<String, JsonObject> byId, String where) {
    String id = o.string("id").orElseThrow(() -> bad(where, "id", "a string is required"));
    String name = where + " (" + id + ")";
    StixTimestamp first = timestamp(o, "first_observed", name);
    StixTimestamp last = timestamp(o, "last_observed", name);
    long count =
        o.get("number_observed")
            .filter(JsonNumber.class::isInstance)
            .flatMap(n -> ((JsonNumber) n).asLong())
            .orElseThrow(() -> bad(name, "number_observed", "an integer is required"));
    if (count < 1) {
      throw bad(name, "number_observed", count + " is less than 1");
    }
    if (last.isBefore(first)) {
      throw bad(name, "last_observed", last + " is earlier than first_observed " + first);
    }
    Map<String, JsonObject> scos = new LinkedHashMap<>();
    Optional<JsonValue> embedded = o.get("objects");
    if (embedded.isPresent()) {
      if (!(embedded.get() instanceof JsonObject dict)) {
        throw bad(name, "objects", "expected a dictionary, found " + embedded.get().kind());
      }
      for (int k = 0; k < dict.size(); k++) {
        if (!(dict.valueAt(k) instanceof JsonObject sco)) {
          throw bad(name, "objects." + dict.nameAt(k), "expected an object");
        }
        scos.put(dict.nameAt(k), sco);
      }
    }
    Optional<JsonValue> refs = o.get("object_refs");
    if (refs.isPresent()) {
      if (!(refs.get() instanceof JsonArray list)) {
        throw bad(name, "object_refs", "expected a list of identifiers");
      }
      for (JsonValue ref : list.elements()) {
        if (!(ref instanceof JsonString s)) {
          throw bad(name, "object_refs", "expected a list of identifiers");
        }
        JsonObject target = byId.get(s.value());
        if (target != null) {
          scos.put(s.value(), target);
        }
      }
    }
    return new ObservedData(id, first, last, count, scos);
  }

  private static StixTimestamp timestamp(JsonObject o, String property, String name) {
    String text =
        o.string(property).orElseThrow(() -> bad(name, property, "a timestamp is required"));
    try {
      return StixTimestamp.parse(text);
    } catch (StixFormatException e) {
      throw bad(name, property, e.getMessage());
    }
  }

  private static ObservationDataException bad(String where, String property, String problem) {
    return new ObservationDataException(where + "." + property + ": " + problem);
  }
}
