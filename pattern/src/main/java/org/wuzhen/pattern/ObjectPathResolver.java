package org.wuzhen.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wuzhen.pattern.ObjectPath.Step;
import org.wuzhen.pattern.ValueComparison.Encoding;
import org.wuzhen.pattern.ValueComparison.Value;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Follows an object path from one cyber-observable object (STIX 2.1 §9.4): keys into objects and
 * dictionaries, {@code [n]} and {@code [*]} into lists, and through {@code _ref}/{@code _refs}
 * values to the referenced object of the same observation. Stateless.
 */
final class ObjectPathResolver {

  List<Value> resolve(ObjectPath path, JsonObject root, Map<String, JsonObject> graph) {
    List<Value> out = new ArrayList<>();
    walk(root, false, path.steps(), 0, graph, out);
    return out;
  }

  private void walk(
      JsonValue current,
      boolean isReference,
      List<Step> steps,
      int i,
      Map<String, JsonObject> graph,
      List<Value> out) {
    if (i == steps.size()) {
      if (current != JsonNull.INSTANCE) {
        out.add(new Value(current, encoding(steps)));
      }
      return;
    }
    switch (steps.get(i)) {
      case Step.Key k -> {
        JsonValue from = current;
        if (isReference && current instanceof JsonString id) {
          JsonObject target = graph.get(id.value());
          if (target == null) {
            return;
          }
          from = target;
        }
        if (from instanceof JsonObject o && o.get(k.name()).isPresent()) {
          boolean ref = k.name().endsWith("_ref") || k.name().endsWith("_refs");
          walk(o.get(k.name()).get(), ref, steps, i + 1, graph, out);
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

  /**
   * From the last key: {@code *_bin} is base64, {@code *_hex} is hex (§2.1, §2.8). Hash values are
   * plain strings (§2.7) and compare by code point (§9.6.2).
   */
  private static Encoding encoding(List<Step> steps) {
    String last = null;
    for (Step s : steps) {
      if (s instanceof Step.Key k) {
        last = k.name();
      }
    }
    if (last == null) {
      return Encoding.TEXT;
    }
    if (last.endsWith("_bin")) {
      return Encoding.BASE64;
    }
    if (last.endsWith("_hex")) {
      return Encoding.HEX;
    }
    return Encoding.TEXT;
  }
}
