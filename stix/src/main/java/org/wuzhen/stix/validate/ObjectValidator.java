package org.wuzhen.stix.validate;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoCatalog;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixNames;
import org.wuzhen.stix.validate.TypeSpec.Family;

/**
 * Validates one STIX object in a single pass over its members, then checks what spans members:
 * required properties, identifier rules, timestamp precision and order, and the per-type rules.
 * Holds per-object scratch state, so one instance serves one validation run on one thread.
 */
final class ObjectValidator {
  /** Bits for the extension types an object declares in its extensions dictionary. */
  private static final int NEW_OBJECT = 1;

  private static final int NEW_OBSERVABLE = 2;
  private static final int TOPLEVEL_PROPERTIES = 4;

  /** Required by family besides type (§3.2, §7.2.1, §6). */
  private static final List<String> DOMAIN_REQUIRED =
      List.of("id", "spec_version", "created", "modified");

  private static final List<String> MARKING_REQUIRED = List.of("id", "spec_version", "created");
  private static final List<String> OBSERVABLE_REQUIRED = List.of("id");

  /** Rule of a custom property name that breaks only the naming rule (MISP compatibility). */
  static final String COMPAT_PROPERTY_NAME = "property-name-compat";

  /** Rule of an SCO id that is random where it should be deterministic (MISP compatibility). */
  static final String COMPAT_SCO_ID = "sco-id-not-deterministic";

  private final Findings findings;
  private final ValueChecks values;
  private final StructureChecks structures;
  private final TypeRules rules;
  private final String[] stamps = new String[TimestampOrder.NAMES.length];

  ObjectValidator(Findings findings, PatternCheck patternCheck) {
    this.findings = findings;
    this.values = new ValueChecks(findings);
    this.structures = new StructureChecks(findings, values);
    this.rules = new TypeRules(findings, values, patternCheck);
  }

  void validate(JsonObject o, Path at) {
    String type = type(o, at);
    if ("bundle".equals(type)) {
      findings.error(at, "type", "top-level", "a bundle cannot be nested inside a bundle or list");
      return;
    }
    int declared = declaredExtensions(o);
    TypeSpec known = type == null ? null : TypeCatalog.get(type);
    TypeSpec spec =
        known != null
            ? known
            : (declared & NEW_OBSERVABLE) != 0
                ? TypeCatalog.CUSTOM_OBSERVABLE
                : TypeCatalog.CUSTOM_DOMAIN;
    if (type != null && known == null && (declared & NEW_OBJECT) == 0 && !type.startsWith("x-")) {
      findings.warn(
          at, "type", "custom-type-prefix", "custom type '" + type + "' should start with 'x-'");
    }
    boolean ownProperties = known == null || (declared & TOPLEVEL_PROPERTIES) != 0;
    Arrays.fill(stamps, null);
    for (int i = 0; i < o.size(); i++) {
      String name = o.nameAt(i);
      JsonValue v = o.valueAt(i);
      if (v == JsonNull.INSTANCE) {
        findings.error(at, name, "null-value", "null is not allowed; omit the property instead");
        continue;
      }
      PropertySpec p = spec.property(name);
      if (p == null) {
        customProperty(name, v, at, ownProperties);
      } else if (values.check(p, v, at)) {
        switch (p.shape()) {
          case TIMESTAMP -> {
            if (p.slot() >= 0) {
              stamps[p.slot()] = ((JsonString) v).value();
            }
          }
          case EXTERNAL_REFERENCES -> structures.externalReferences((JsonArray) v, at.child(name));
          case KILL_CHAIN_PHASES -> structures.killChainPhases((JsonArray) v, at.child(name));
          case GRANULAR_MARKINGS -> structures.granularMarkings((JsonArray) v, at.child(name), o);
          case EXTENSIONS ->
              structures.extensions((JsonObject) v, at.child(name), type, known != null);
          default -> {}
        }
      }
    }
    required(o, at, spec, type);
    id(o, at, type, spec);
    specVersion(o, at);
    timestamps(at);
    if (known != null) {
      rules.check(type, o, at);
    }
  }

  /** The object's type when present and valid, else null after reporting why. */
  private String type(JsonObject o, Path at) {
    JsonValue v = member(o, "type");
    if (v == null) {
      findings.error(at, "type", "required-property", "missing: every STIX object needs a type");
      return null;
    }
    if (!(v instanceof JsonString s)) {
      values.wrongType(at, "type", "a string", v);
      return null;
    }
    if (!StixNames.isValidTypeName(s.value())) {
      findings.error(
          at,
          "type",
          "type-name",
          "'"
              + s.value()
              + "' is not a valid type name (3-250 characters of a-z, 0-9 and single hyphens)");
      return null;
    }
    return s.value();
  }

  private void customProperty(String name, JsonValue v, Path at, boolean ownProperties) {
    if (isCompatibleName(name)) {
      // MISP's converter (misp-stix) writes galaxy meta keys verbatim: x_misp_cfr-target-category.
      // Only the naming rule is broken, so the object is kept as received unless strict.
      findings.warn(
          at,
          name,
          COMPAT_PROPERTY_NAME,
          "'"
              + name
              + "' breaks the property naming rule of §3.1 ('-' is not allowed); accepted as"
              + " received for compatibility with MISP's STIX export, refused when strict");
    } else if (!StixNames.isValidPropertyName(name)) {
      findings.error(
          at,
          name,
          "property-name",
          "'" + name + "' is not a valid property name (3-250 characters of a-z, 0-9 and _)");
    } else if (!ownProperties && !name.startsWith("x_")) {
      findings.warn(
          at,
          name,
          "custom-property-prefix",
          "custom property '" + name + "' should start with 'x_'");
    }
    if (v instanceof JsonArray a && a.size() == 0) {
      // core.json/properties.json: every list-valued property has minItems 1.
      findings.error(at, name, "empty-list", "lists must not be empty (§2.8); omit the property");
    }
    values.noNulls(v, at, name);
    if (name.endsWith("_ref") && v instanceof JsonString s) {
      customReference(s.value(), at.child(name));
    } else if (name.endsWith("_refs") && v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) instanceof JsonString s) {
          customReference(s.value(), at.child(name).index(i));
        }
      }
    }
  }

  /** A custom {@code x_} name that would be valid with its hyphens written as underscores. */
  private static boolean isCompatibleName(String name) {
    return name.startsWith("x_")
        && name.indexOf('-') > 0
        && StixNames.isValidPropertyName(name.replace('-', '_'));
  }

  private void customReference(String id, Path at) {
    String problem = Syntax.idProblem(id);
    if (problem != null) {
      findings.warn(at, "custom-ref", problem + "; properties named *_ref hold identifiers");
    }
  }

  private void required(JsonObject o, Path at, TypeSpec spec, String type) {
    String on = type == null ? "STIX objects" : type;
    List<String> common =
        switch (spec.family()) {
          case DOMAIN -> DOMAIN_REQUIRED;
          case MARKING -> MARKING_REQUIRED;
          case OBSERVABLE -> OBSERVABLE_REQUIRED;
        };
    for (String name : common) {
      if (!o.has(name)) {
        findings.error(at, name, "required-property", "missing (required on " + on + ")");
      }
    }
    for (String name : spec.required()) {
      if (!o.has(name)) {
        findings.error(at, name, "required-property", "missing (required on " + on + ")");
      }
    }
  }

  private void id(JsonObject o, Path at, String type, TypeSpec spec) {
    JsonValue v = member(o, "id");
    if (v == null) {
      return;
    }
    if (!(v instanceof JsonString s)) {
      values.wrongType(at, "id", "an identifier string", v);
      return;
    }
    String id = s.value();
    String problem = Syntax.idProblem(id);
    if (problem != null) {
      findings.error(at, "id", "id-format", problem);
      return;
    }
    if (type == null) {
      return;
    }
    if (!Syntax.idHasType(id, type)) {
      findings.error(
          at,
          "id",
          "id-type",
          "'" + id + "' does not start with the object's type '" + type + "--'");
      return;
    }
    Optional<String> upperCase = StixId.caseProblem(id);
    if (upperCase.isPresent()) {
      // identifier.json accepts either case; RFC 4122 writes lower case, and StixId (so the node)
      // accepts only that: one rule for ids and references.
      findings.error(at, "id", "id-case", upperCase.get());
      return;
    }
    int version = Syntax.uuidVersion(id);
    if (spec.family() != Family.OBSERVABLE) {
      if (version != 4) {
        findings.warn(
            at, "id", "uuid-v4", "'" + id + "' should use a UUIDv4, not version " + version);
      }
      return;
    }
    Optional<ScoCatalog.ScoType> sco = ScoCatalog.get(type);
    if (sco.isPresent() && version != 4 && noneContributing(o, sco.get())) {
      findings.error(
          at,
          "id",
          "uuid-version",
          sco.get().idContributing().isEmpty()
              ? "'" + id + "' must use a UUIDv4: " + type + " ids are always random (§6)"
              : "'"
                  + id
                  + "' must use a UUIDv4: none of the ID-contributing properties "
                  + sco.get().idContributing()
                  + " is present");
    } else if (sco.isPresent() && version == 4 && !noneContributing(o, sco.get())) {
      // §2.9: SCOs with ID-contributing properties SHOULD use the UUIDv5 computed from them.
      // misp-stix reuses MISP's attribute uuids; kept as received so MISP-side dedup still works.
      findings.warn(
          at,
          "id",
          COMPAT_SCO_ID,
          "'"
              + id
              + "' is a UUIDv4, not the deterministic UUIDv5 of "
              + sco.get().idContributing()
              + " (a producer's own id, as MISP's STIX export writes); kept as received");
    } else if (version != 4 && version != 5) {
      findings.error(
          at,
          "id",
          "uuid-version",
          "'" + id + "' must use a UUIDv5 (or v4), not version " + version);
    }
  }

  private static boolean noneContributing(JsonObject o, ScoCatalog.ScoType sco) {
    for (String name : sco.idContributing()) {
      if (o.has(name)) {
        return false;
      }
    }
    return true;
  }

  private void specVersion(JsonObject o, Path at) {
    JsonValue v = member(o, "spec_version");
    if (v == null) {
      return;
    }
    if (!(v instanceof JsonString s)) {
      values.wrongType(at, "spec_version", "the string \"2.1\"", v);
    } else if (!s.value().equals("2.1")) {
      findings.error(
          at,
          "spec_version",
          "spec-version",
          "expected \"2.1\" (this validator checks STIX 2.1), found \"" + s.value() + "\"");
    }
  }

  private void timestamps(Path at) {
    for (int slot = TimestampOrder.CREATED; slot <= TimestampOrder.MODIFIED; slot++) {
      String t = stamps[slot];
      if (t != null && Syntax.fractionDigits(t) < 3) {
        findings.error(
            at,
            TimestampOrder.NAMES[slot],
            "timestamp-precision",
            t + " must be precise to at least the millisecond (§3.2)");
      }
    }
    for (TimestampOrder order : TimestampOrder.ALL) {
      String earlier = stamps[order.earlier()];
      String later = stamps[order.later()];
      if (earlier == null || later == null) {
        continue;
      }
      int c = Syntax.compareTimestamps(later, earlier);
      if (c < 0 || (order.strict() && c == 0)) {
        findings.error(
            at,
            TimestampOrder.NAMES[order.later()],
            "timestamp-order",
            later
                + (c < 0 ? " is earlier than " : " is not later than ")
                + TimestampOrder.NAMES[order.earlier()]
                + " "
                + earlier);
      }
    }
  }

  /** Which kinds of extension the object declares through extension-definition entries. */
  private static int declaredExtensions(JsonObject o) {
    if (!(member(o, "extensions") instanceof JsonObject extensions)) {
      return 0;
    }
    int bits = 0;
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.valueAt(i) instanceof JsonObject ext
          && member(ext, "extension_type") instanceof JsonString t) {
        switch (t.value()) {
          case "new-sdo", "new-sro" -> bits |= NEW_OBJECT;
          case "new-sco" -> bits |= NEW_OBJECT | NEW_OBSERVABLE;
          case "toplevel-property-extension" -> bits |= TOPLEVEL_PROPERTIES;
          default -> {}
        }
      }
    }
    return bits;
  }

  /** The member's value, or null when absent (package-internal: no Optional per lookup). */
  static JsonValue member(JsonObject o, String name) {
    for (int i = 0; i < o.size(); i++) {
      if (o.nameAt(i).equals(name)) {
        return o.valueAt(i);
      }
    }
    return null;
  }
}
