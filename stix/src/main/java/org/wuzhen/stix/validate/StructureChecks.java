package org.wuzhen.stix.validate;

import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The embedded structures STIX defines: external references (§2.5), kill chain phases (§2.6),
 * granular markings and their selectors (§7.2.3) and the extensions dictionary (§7.3). Each method
 * gets a list or object already known to have the right JSON shape.
 */
final class StructureChecks {
  private static final Set<String> NEW_OBJECT_TYPES = Set.of("new-sdo", "new-sco", "new-sro");
  private static final Set<String> EXTERNAL_ID_PROPERTIES =
      Set.of("description", "url", "external_id");

  private static final PropertySpec MARKING_REF =
      PropertySpec.of("marking_ref", PropertySpec.Shape.REF).to(RefTarget.MARKING_DEFINITION);

  private final Findings findings;
  private final ValueChecks values;

  StructureChecks(Findings findings, ValueChecks values) {
    this.findings = findings;
    this.values = values;
  }

  /** §2.5: source_name required; at least one of description, url, external_id. */
  void externalReferences(JsonArray list, Path at) {
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof JsonObject ref)) {
        continue;
      }
      boolean identified = false;
      for (int m = 0; m < ref.size(); m++) {
        String name = ref.nameAt(m);
        JsonValue v = ref.valueAt(m);
        if (name.equals("hashes")) {
          if (v instanceof JsonObject h) {
            values.hashes(h, at.index(i).child("hashes"));
          } else {
            values.wrongNestedType(at.index(i), name, "a hashes dictionary", v);
          }
        } else if (name.equals("source_name") || EXTERNAL_ID_PROPERTIES.contains(name)) {
          if (!(v instanceof JsonString)) {
            values.wrongNestedType(at.index(i), name, "a string", v);
          }
          identified |= !name.equals("source_name");
        }
      }
      if (!ref.has("source_name")) {
        findings.error(
            at.index(i),
            "source_name",
            "external-reference",
            "missing: an external reference needs a source_name");
      }
      if (!identified) {
        findings.error(
            at.index(i),
            "external-reference",
            "an external reference needs at least one of description, url or external_id");
      }
    }
  }

  /** §2.6: kill_chain_name and phase_name, both strings. */
  void killChainPhases(JsonArray list, Path at) {
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof JsonObject phase)) {
        continue;
      }
      requiredString(phase, "kill_chain_name", at, i, "kill-chain-phase");
      requiredString(phase, "phase_name", at, i, "kill-chain-phase");
    }
  }

  private void requiredString(JsonObject o, String name, Path list, int i, String rule) {
    var v = o.get(name);
    if (v.isEmpty()) {
      findings.error(list.index(i), name, rule, "missing (required)");
    } else if (!(v.get() instanceof JsonString s)) {
      values.wrongNestedType(list.index(i), name, "a string", v.get());
    } else if (s.value().isEmpty()) {
      findings.error(list.index(i), name, rule, "must not be empty");
    }
  }

  /**
   * §7.2.3: each granular marking has exactly one of marking_ref and lang, and a non-empty list of
   * selectors, each of which must select something present in the object.
   */
  void granularMarkings(JsonArray list, Path at, JsonObject object) {
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof JsonObject marking) || NullWalk.contains(marking)) {
        continue; // shape and nulls were reported with the list
      }
      Path mp = at.index(i);
      boolean hasRef = marking.has("marking_ref");
      boolean hasLang = marking.has("lang");
      if (hasRef == hasLang) {
        findings.error(
            mp,
            "granular-marking",
            hasRef
                ? "a granular marking has either marking_ref or lang, not both"
                : "a granular marking needs marking_ref or lang");
      }
      if (hasRef) {
        values.check(MARKING_REF, marking.get("marking_ref").orElseThrow(), mp);
      }
      if (hasLang && !(marking.get("lang").orElseThrow() instanceof JsonString)) {
        values.wrongNestedType(mp, "lang", "a string", marking.get("lang").orElseThrow());
      }
      var selectors = marking.get("selectors");
      if (selectors.isEmpty()) {
        findings.error(
            mp, "selectors", "granular-marking", "missing: a granular marking needs selectors");
        continue;
      }
      if (!values.nonEmptyList(selectors.get(), mp, "selectors")) {
        continue;
      }
      JsonArray s = (JsonArray) selectors.get();
      for (int k = 0; k < s.size(); k++) {
        if (!(s.get(k) instanceof JsonString selector)) {
          values.wrongTypeAt(mp.child("selectors").index(k), "a selector string", s.get(k));
        } else if (!selects(object, selector.value())) {
          findings.error(
              mp.child("selectors").index(k),
              "selector",
              "'" + selector.value() + "' does not select a property present in this object");
        }
      }
    }
  }

  /**
   * True when the selector (§7.2.3.1: property names and {@code [n]} list indices joined by dots,
   * e.g. {@code external_references.[0].url}) resolves to a value present in the object.
   */
  static boolean selects(JsonObject object, String selector) {
    JsonValue current = object;
    int start = 0;
    while (start <= selector.length()) {
      int dot = selector.indexOf('.', start);
      int end = dot < 0 ? selector.length() : dot;
      if (end == start) {
        return false;
      }
      if (selector.charAt(start) == '[') {
        if (selector.charAt(end - 1) != ']' || end - start < 3) {
          return false;
        }
        int index = 0;
        for (int i = start + 1; i < end - 1; i++) {
          char c = selector.charAt(i);
          if (c < '0' || c > '9' || index > 100_000_000) {
            return false;
          }
          index = index * 10 + (c - '0');
        }
        if (!(current instanceof JsonArray a) || index >= a.size()) {
          return false;
        }
        current = a.get(index);
      } else {
        if (!(current instanceof JsonObject o)) {
          return false;
        }
        var next = o.get(selector.substring(start, end));
        if (next.isEmpty()) {
          return false;
        }
        current = next.get();
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
    return false;
  }

  /**
   * §7.3: keys are extension-definition ids (whose values are objects with a valid extension_type
   * when given) or, on SCOs, predefined extension names; other names are deprecated custom
   * extensions (a warning).
   */
  void extensions(JsonObject extensions, Path at, String type, boolean specType) {
    if (extensions.isEmpty()) {
      findings.error(at, "extension", "the extensions dictionary must not be empty");
      return;
    }
    // An object without a valid type (already reported) has no predefined extensions.
    Set<String> predefined =
        type == null ? Set.of() : Vocabulary.PREDEFINED_EXTENSIONS.getOrDefault(type, Set.of());
    for (int i = 0; i < extensions.size(); i++) {
      String key = extensions.nameAt(i);
      JsonValue v = extensions.valueAt(i);
      if (!(v instanceof JsonObject ext)) {
        values.wrongNestedType(at, key, "an extension object", v);
        continue;
      }
      if (key.startsWith("extension-definition--")) {
        String problem = Syntax.idProblem(key);
        if (problem != null) {
          findings.error(at.child(key), "extension", problem);
        }
        extensionType(ext, at.child(key), specType, type);
      } else if (!predefined.contains(key)) {
        findings.warn(
            at.child(key),
            "extension-name",
            "'"
                + key
                + "' is neither an extension-definition id nor an extension STIX 2.1 defines for "
                + type
                + " (custom extensions are deprecated, §11.3)");
      }
      if (ext.isEmpty()) {
        findings.error(at.child(key), "extension", "an extension must not be empty");
      }
    }
  }

  private void extensionType(JsonObject ext, Path at, boolean specType, String type) {
    var t = ext.get("extension_type");
    if (t.isEmpty()) {
      return;
    }
    if (!(t.get() instanceof JsonString s)) {
      values.wrongNestedType(at, "extension_type", "a string", t.get());
      return;
    }
    values.vocabulary(Vocabulary.EXTENSION_TYPE, s.value(), at, "extension_type");
    if (specType && NEW_OBJECT_TYPES.contains(s.value())) {
      findings.error(
          at,
          "extension_type",
          "extension",
          s.value() + " extensions define new object types; " + type + " is defined by STIX 2.1");
    }
  }
}
