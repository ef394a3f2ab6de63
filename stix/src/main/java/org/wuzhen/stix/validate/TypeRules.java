package org.wuzhen.stix.validate;

import static org.wuzhen.stix.validate.ObjectValidator.member;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.Tlp;

/**
 * Rules of single STIX types that span several properties: indicator patterns, marking definitions
 * (TLP 1.0 and 2.0, statements), either-or requirements and mutually exclusive properties. Value
 * types were checked before these run.
 */
final class TypeRules {
  /** §7.2.1.4: the only TLP 1.0 marking definitions that may exist, by colour. */
  private static final Map<String, String> TLP1 = new HashMap<>();

  /** The TLP 2.0 extension (cti-stix-common-objects, extension-definition-specifications). */
  static final String TLP2_EXTENSION = Tlp.TLP2_EXTENSION_ID;

  /** The published TLP 2.0 marking definitions, by {@code tlp_2_0} value. */
  private static final Map<String, String> TLP2 = new HashMap<>();

  static {
    for (Tlp tlp : Tlp.values()) {
      TLP2.put(tlp.tlp2Value(), tlp.markingId());
      tlp.tlp1Value().ifPresent(colour -> TLP1.put(colour, tlp.tlp1MarkingId().orElseThrow()));
    }
  }

  private final Findings findings;
  private final ValueChecks values;
  private final PatternCheck patternCheck;

  TypeRules(Findings findings, ValueChecks values, PatternCheck patternCheck) {
    this.findings = findings;
    this.values = values;
    this.patternCheck = patternCheck;
  }

  void check(String type, JsonObject o, Path at) {
    switch (type) {
      case "indicator" -> indicator(o, at);
      case "relationship" -> relationship(o, at);
      case "marking-definition" -> markingDefinition(o, at);
      case "location" -> location(o, at);
      case "malware" -> {
        if (member(o, "is_family") == JsonBoolean.TRUE && member(o, "name") == null) {
          findings.error(at, "name", "required-property", "missing (required on malware families)");
        }
      }
      case "malware-analysis" -> {
        if (member(o, "result") == null && member(o, "analysis_sco_refs") == null) {
          findings.error(
              at, "required-property", "malware-analysis needs result or analysis_sco_refs");
        }
      }
      case "observed-data" -> exactlyOne(o, at, "objects", "object_refs");
      case "file" -> {
        if (member(o, "hashes") == null && member(o, "name") == null) {
          findings.error(at, "required-property", "file needs hashes or name");
        }
      }
      case "artifact" -> {
        notBoth(o, at, "payload_bin", "url");
        if (member(o, "url") != null && member(o, "hashes") == null) {
          findings.error(
              at, "hashes", "required-property", "missing (required when url is present)");
        }
      }
      case "network-traffic" -> {
        if (member(o, "is_active") == JsonBoolean.TRUE && member(o, "end") != null) {
          findings.error(
              at, "end", "mutually-exclusive", "end must not be present while is_active is true");
        }
      }
      default -> {}
    }
  }

  /** §4.7: pattern_type from pattern-type-ov; stix patterns must parse under their version. */
  private void indicator(JsonObject o, Path at) {
    String pattern = string(o, "pattern");
    String patternType = string(o, "pattern_type");
    if (patternType != null) {
      if (patternType.isEmpty()) {
        findings.error(at, "pattern_type", "empty-string", "pattern_type must not be empty");
      } else if (!Vocabulary.PATTERN_TYPE.contains(patternType)) {
        findings.warn(
            at,
            "pattern_type",
            "pattern-type",
            "'" + patternType + "' is not in pattern-type-ov " + sorted(Vocabulary.PATTERN_TYPE));
      }
    }
    if (pattern == null) {
      return;
    }
    if (pattern.isEmpty()) {
      findings.error(at, "pattern", "empty-string", "pattern must not be empty");
      return;
    }
    if (!"stix".equals(patternType)) {
      return;
    }
    String version = string(o, "pattern_version");
    if (version == null) {
      version = string(o, "spec_version");
    }
    if (version == null) {
      version = "2.1";
    }
    if (version.equals("2.1") || version.equals("2.0")) {
      Optional<String> problem = patternCheck.check(pattern);
      problem.ifPresent(p -> findings.error(at, "pattern", "pattern", p));
    } else {
      findings.warn(
          at,
          "pattern_version",
          "pattern-version",
          "'"
              + version
              + "' is not a STIX patterning version this validator knows (2.0, 2.1);"
              + " the pattern was not checked");
    }
  }

  /** §5.1: relationship_type is limited to a-z, 0-9 and hyphen. */
  private void relationship(JsonObject o, Path at) {
    String t = string(o, "relationship_type");
    if (t != null && !Syntax.isRelationshipTypeText(t)) {
      findings.error(
          at,
          "relationship_type",
          "relationship-type",
          "'" + t + "' must be non-empty and use only a-z, 0-9 and hyphens");
    }
  }

  /** §7.2.1: definition_type and definition (unless extensions), TLP 1.0 and 2.0 identities. */
  private void markingDefinition(JsonObject o, Path at) {
    JsonValue definitionType = member(o, "definition_type");
    JsonValue definition = member(o, "definition");
    JsonValue extensions = member(o, "extensions");
    if (extensions == null || (definitionType == null) != (definition == null)) {
      if (definitionType == null) {
        findings.error(
            at, "definition_type", "required-property", "missing (required on marking-definition)");
      }
      if (definition == null) {
        findings.error(
            at, "definition", "required-property", "missing (required on marking-definition)");
      }
    }
    String id = string(o, "id");
    if (definitionType instanceof JsonString dt && definition instanceof JsonObject d) {
      Path dp = at.child("definition");
      switch (dt.value()) {
        case "tlp" -> {
          String color = string(d, "tlp");
          if (color == null || !TLP1.containsKey(color)) {
            findings.error(
                dp,
                "tlp",
                "marking-definition",
                "a tlp definition needs tlp: white, green, amber or red");
          } else if (id != null && !id.equals(TLP1.get(color))) {
            findings.error(
                at,
                "id",
                "marking-definition",
                "TLP 1.0 markings must be the predefined objects (§7.2.1.4): tlp "
                    + color
                    + " is "
                    + TLP1.get(color));
          }
        }
        case "statement" -> {
          if (!(member(d, "statement") instanceof JsonString)) {
            findings.error(
                dp,
                "statement",
                "marking-definition",
                "a statement definition needs a statement string");
          }
        }
        default -> {}
      }
    }
    if (extensions instanceof JsonObject e && member(e, TLP2_EXTENSION) instanceof JsonObject tlp) {
      Path tp = at.child("extensions").child(TLP2_EXTENSION);
      String level = string(tlp, "tlp_2_0");
      if (level == null || !TLP2.containsKey(level)) {
        findings.error(
            tp,
            "tlp_2_0",
            "marking-definition",
            "the TLP 2.0 extension needs tlp_2_0: clear, green, amber, amber+strict or red");
      } else if (id != null && !id.equals(TLP2.get(level))) {
        findings.error(
            at,
            "id",
            "marking-definition",
            "TLP 2.0 markings must be the published objects: tlp_2_0 "
                + level
                + " is "
                + TLP2.get(level));
      }
    }
  }

  /** §4.10: region, country, or latitude and longitude; precision needs both. */
  private void location(JsonObject o, Path at) {
    boolean lat = member(o, "latitude") != null;
    boolean lon = member(o, "longitude") != null;
    if (lat != lon) {
      findings.error(
          at,
          lat ? "longitude" : "latitude",
          "required-property",
          "missing: latitude and longitude go together");
    } else if (member(o, "precision") != null && !lat) {
      findings.error(
          at, "precision", "required-property", "precision needs latitude and longitude");
    }
    if (!lat && !lon && member(o, "region") == null && member(o, "country") == null) {
      findings.error(
          at, "required-property", "location needs region, country, or latitude and longitude");
    }
  }

  private void exactlyOne(JsonObject o, Path at, String a, String b) {
    boolean hasA = member(o, a) != null;
    boolean hasB = member(o, b) != null;
    if (!hasA && !hasB) {
      findings.error(at, "required-property", "needs " + a + " or " + b);
    } else if (hasA && hasB) {
      findings.error(at, b, "mutually-exclusive", b + " must not be present together with " + a);
    }
  }

  private void notBoth(JsonObject o, Path at, String a, String b) {
    if (member(o, a) != null && member(o, b) != null) {
      findings.error(at, b, "mutually-exclusive", b + " must not be present together with " + a);
    }
  }

  private static String string(JsonObject o, String name) {
    return member(o, name) instanceof JsonString s ? s.value() : null;
  }

  private static Object sorted(Vocabulary v) {
    return v.values().stream().sorted().toList();
  }
}
