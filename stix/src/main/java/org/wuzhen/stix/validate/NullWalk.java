package org.wuzhen.stix.validate;

import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Finds nulls nested anywhere in a value (STIX has no null, §3). The check allocates nothing; paths
 * are built only on the second walk that reports what the first one found.
 */
final class NullWalk {
  private NullWalk() {}

  static boolean contains(JsonValue v) {
    return switch (v) {
      case JsonNull n -> true;
      case JsonObject o -> {
        for (int i = 0; i < o.size(); i++) {
          if (contains(o.valueAt(i))) {
            yield true;
          }
        }
        yield false;
      }
      case JsonArray a -> {
        for (JsonValue e : a.elements()) {
          if (contains(e)) {
            yield true;
          }
        }
        yield false;
      }
      case JsonString s -> false;
      case JsonNumber n -> false;
      case JsonBoolean b -> false;
    };
  }

  static void report(Findings findings, JsonValue v, Path at) {
    switch (v) {
      case JsonNull n ->
          findings.error(at, "null-value", "null is not allowed; omit the property instead");
      case JsonObject o -> {
        for (int i = 0; i < o.size(); i++) {
          if (contains(o.valueAt(i))) {
            report(findings, o.valueAt(i), at.child(o.nameAt(i)));
          }
        }
      }
      case JsonArray a -> {
        for (int i = 0; i < a.size(); i++) {
          if (contains(a.get(i))) {
            report(findings, a.get(i), at.index(i));
          }
        }
      }
      case JsonString s -> {}
      case JsonNumber n -> {}
      case JsonBoolean b -> {}
    }
  }
}
