package org.wuzhen.misp;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonLimits;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;

/**
 * Finds the events in one MISP document, in every shape real exports have: {@code {"Event": ...}},
 * a REST answer {@code {"response": [{"Event": ...}]}}, a list of either, or a bare event.
 */
final class MispReader {
  private MispReader() {}

  /** One event found: where it sits in the document, and its JSON. */
  record Found(String path, JsonObject event) {}

  /**
   * The events of a document.
   *
   * @throws MispFormatException malformed JSON (with line and column) or a document that holds no
   *     event
   */
  static List<Found> events(byte[] utf8) {
    JsonValue document;
    try {
      document = Json.parse(utf8, JsonLimits.DEFAULT);
    } catch (JsonSyntaxException e) {
      throw new MispFormatException("malformed JSON: " + e.getMessage());
    }
    List<Found> found = new ArrayList<>();
    collect(document, "$", found);
    if (found.isEmpty()) {
      throw new MispFormatException(
          "$: no MISP event found (expected {\"Event\": ...}, {\"response\": [...]} or a list of"
              + " events)");
    }
    return found;
  }

  private static void collect(JsonValue v, String at, List<Found> found) {
    switch (v) {
      case JsonObject o when o.object("Event").isPresent() ->
          found.add(new Found(at + ".Event", o.object("Event").orElseThrow()));
      case JsonObject o when o.get("response").isPresent() ->
          collect(o.get("response").orElseThrow(), at + ".response", found);
      case JsonObject o when o.has("uuid") && o.has("info") -> found.add(new Found(at, o));
      case JsonArray a -> {
        for (int i = 0; i < a.size(); i++) {
          collect(a.get(i), at + "[" + i + "]", found);
        }
      }
      default -> {}
    }
  }
}
