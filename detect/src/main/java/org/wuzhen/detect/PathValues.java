package org.wuzhen.detect;

import java.util.List;
import java.util.Map;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.ObjectPath.Step;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The values an object path reaches from one object (STIX 2.1 §9.4), walked as the reference
 * evaluator walks them: keys, {@code [n]}, {@code [*]}, and {@code _ref}/{@code _refs} values
 * followed to objects of the same event; JSON null reaches nothing. Stateless.
 */
final class PathValues {
  private PathValues() {}

  static void resolve(
      ObjectPath path, JsonObject root, Map<String, JsonObject> graph, List<JsonValue> out) {
    walk(root, false, path.steps(), 0, graph, out);
  }

  private static void walk(
      JsonValue current,
      boolean isReference,
      List<Step> steps,
      int i,
      Map<String, JsonObject> graph,
      List<JsonValue> out) {
    if (i == steps.size()) {
      if (current != JsonNull.INSTANCE) {
        out.add(current);
      }
      return;
    }
    switch (steps.get(i)) {
      case Step.Key k -> {
        JsonValue from = current;
        if (isReference && current instanceof JsonString id) {
          from = graph.get(id.value());
          if (from == null) {
            return;
          }
        }
        if (from instanceof JsonObject o) {
          var next = o.get(k.name());
          if (next.isPresent()) {
            boolean ref = k.name().endsWith("_ref") || k.name().endsWith("_refs");
            walk(next.get(), ref, steps, i + 1, graph, out);
          }
        }
      }
      case Step.Index n -> {
        if (current instanceof JsonArray a && n.index() < a.size()) {
          walk(a.get(n.index()), isReference, steps, i + 1, graph, out);
        }
      }
      case Step.AnyIndex any -> {
        if (current instanceof JsonArray a) {
          for (JsonValue element : a.elements()) {
            walk(element, isReference, steps, i + 1, graph, out);
          }
        }
      }
    }
  }
}
