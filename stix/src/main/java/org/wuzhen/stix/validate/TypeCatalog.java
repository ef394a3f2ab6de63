package org.wuzhen.stix.validate;

import static org.wuzhen.stix.validate.PropertySpec.Shape.BINARY;
import static org.wuzhen.stix.validate.PropertySpec.Shape.BOOLEAN;
import static org.wuzhen.stix.validate.PropertySpec.Shape.CORE;
import static org.wuzhen.stix.validate.PropertySpec.Shape.DICTIONARY;
import static org.wuzhen.stix.validate.PropertySpec.Shape.EXTENSIONS;
import static org.wuzhen.stix.validate.PropertySpec.Shape.EXTERNAL_REFERENCES;
import static org.wuzhen.stix.validate.PropertySpec.Shape.FLOAT;
import static org.wuzhen.stix.validate.PropertySpec.Shape.GRANULAR_MARKINGS;
import static org.wuzhen.stix.validate.PropertySpec.Shape.HASHES;
import static org.wuzhen.stix.validate.PropertySpec.Shape.HEX;
import static org.wuzhen.stix.validate.PropertySpec.Shape.INTEGER;
import static org.wuzhen.stix.validate.PropertySpec.Shape.KILL_CHAIN_PHASES;
import static org.wuzhen.stix.validate.PropertySpec.Shape.OBJECT;
import static org.wuzhen.stix.validate.PropertySpec.Shape.OBJECT_LIST;
import static org.wuzhen.stix.validate.PropertySpec.Shape.REF;
import static org.wuzhen.stix.validate.PropertySpec.Shape.REF_LIST;
import static org.wuzhen.stix.validate.PropertySpec.Shape.STRING;
import static org.wuzhen.stix.validate.PropertySpec.Shape.STRING_LIST;
import static org.wuzhen.stix.validate.PropertySpec.Shape.TIMESTAMP;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wuzhen.stix.ScoCatalog;
import org.wuzhen.stix.ValueKind;
import org.wuzhen.stix.validate.PropertySpec.Shape;
import org.wuzhen.stix.validate.TypeSpec.Family;

/**
 * Typed property tables for every STIX 2.1 type (§4 SDOs, §5 SROs, §6 SCOs from {@link ScoCatalog},
 * §7 meta objects), built once at class load.
 */
final class TypeCatalog {
  private static final Map<String, TypeSpec> TYPES = new HashMap<>();

  /** SCO properties required beyond type and id (§6); either-or rules live in the validator. */
  private static final Map<String, List<String>> OBSERVABLE_REQUIRED =
      Map.of(
          "autonomous-system", List.of("number"),
          "directory", List.of("path"),
          "domain-name", List.of("value"),
          "email-addr", List.of("value"),
          "email-message", List.of("is_multipart"),
          "ipv4-addr", List.of("value"),
          "ipv6-addr", List.of("value"),
          "mac-addr", List.of("value"),
          "mutex", List.of("name"),
          "network-traffic", List.of("protocols"));

  private static final Map<String, List<String>> MORE_OBSERVABLE_REQUIRED =
      Map.of("software", List.of("name"), "url", List.of("value"));

  /** Common properties of SDOs, SROs and custom objects (§3.2). */
  static final Map<String, PropertySpec> DOMAIN_COMMON =
      index(
          p("type", CORE),
          p("spec_version", CORE),
          p("id", CORE),
          p("created_by_ref", REF).to(RefTarget.IDENTITY),
          p("created", TIMESTAMP),
          p("modified", TIMESTAMP),
          p("revoked", BOOLEAN),
          p("labels", STRING_LIST),
          p("confidence", INTEGER).range(0, 100),
          p("lang", STRING),
          p("external_references", EXTERNAL_REFERENCES),
          p("object_marking_refs", REF_LIST).to(RefTarget.MARKING_DEFINITION),
          p("granular_markings", GRANULAR_MARKINGS),
          p("extensions", EXTENSIONS));

  /** Common properties of SCOs (§6, cyber-observable-core). */
  static final Map<String, PropertySpec> OBSERVABLE_COMMON =
      index(
          p("type", CORE),
          p("spec_version", CORE),
          p("id", CORE),
          p("object_marking_refs", REF_LIST).to(RefTarget.MARKING_DEFINITION),
          p("granular_markings", GRANULAR_MARKINGS),
          p("defanged", BOOLEAN),
          p("extensions", EXTENSIONS));

  /** The properties of a custom SDO-like object: the common ones. */
  static final TypeSpec CUSTOM_DOMAIN =
      new TypeSpec("custom", Family.DOMAIN, DOMAIN_COMMON, List.of());

  /** The properties of an extension-defined SCO ({@code new-sco}): the common ones. */
  static final TypeSpec CUSTOM_OBSERVABLE =
      new TypeSpec("custom", Family.OBSERVABLE, OBSERVABLE_COMMON, List.of());

  static {
    PropertySpec name = p("name", STRING);
    PropertySpec description = p("description", STRING);
    PropertySpec aliases = p("aliases", STRING_LIST);
    PropertySpec killChain = p("kill_chain_phases", KILL_CHAIN_PHASES);
    PropertySpec firstSeen = p("first_seen", TIMESTAMP);
    PropertySpec lastSeen = p("last_seen", TIMESTAMP);
    PropertySpec objectRefs = p("object_refs", REF_LIST);
    PropertySpec motivation = p("primary_motivation", STRING);
    PropertySpec secondary = p("secondary_motivations", STRING_LIST);
    PropertySpec resource = p("resource_level", STRING);

    domain("attack-pattern", List.of("name"), name, description, aliases, killChain);
    domain(
        "campaign",
        List.of("name"),
        name,
        description,
        aliases,
        firstSeen,
        lastSeen,
        p("objective", STRING));
    domain("course-of-action", List.of("name"), name, description);
    domain(
        "grouping",
        List.of("context", "object_refs"),
        name,
        description,
        p("context", STRING).in(Vocabulary.GROUPING_CONTEXT),
        objectRefs);
    domain(
        "identity",
        List.of("name"),
        name,
        description,
        p("roles", STRING_LIST),
        p("identity_class", STRING).in(Vocabulary.IDENTITY_CLASS),
        p("sectors", STRING_LIST),
        p("contact_information", STRING));
    domain("incident", List.of("name"), name, description, killChain);
    domain(
        "indicator",
        List.of("pattern", "pattern_type", "valid_from"),
        name,
        description,
        p("indicator_types", STRING_LIST).in(Vocabulary.INDICATOR_TYPE),
        p("pattern", STRING),
        p("pattern_type", STRING),
        p("pattern_version", STRING),
        p("valid_from", TIMESTAMP),
        p("valid_until", TIMESTAMP),
        killChain);
    domain(
        "infrastructure",
        List.of("name"),
        name,
        description,
        p("infrastructure_types", STRING_LIST).in(Vocabulary.INFRASTRUCTURE_TYPE),
        aliases,
        killChain,
        firstSeen,
        lastSeen);
    domain(
        "intrusion-set",
        List.of("name"),
        name,
        description,
        aliases,
        firstSeen,
        lastSeen,
        p("goals", STRING_LIST),
        resource,
        motivation,
        secondary);
    domain(
        "location",
        List.of(),
        name,
        description,
        p("latitude", FLOAT).range(-90, 90),
        p("longitude", FLOAT).range(-180, 180),
        p("precision", FLOAT).range(0, Double.POSITIVE_INFINITY),
        p("region", STRING),
        p("country", STRING),
        p("administrative_area", STRING),
        p("city", STRING),
        p("street_address", STRING),
        p("postal_code", STRING));
    domain(
        "malware",
        List.of("is_family"),
        name,
        description,
        p("malware_types", STRING_LIST).in(Vocabulary.MALWARE_TYPE),
        p("is_family", BOOLEAN),
        aliases,
        killChain,
        firstSeen,
        lastSeen,
        p("operating_system_refs", REF_LIST).to(RefTarget.SOFTWARE),
        p("architecture_execution_envs", STRING_LIST),
        p("implementation_languages", STRING_LIST),
        p("capabilities", STRING_LIST),
        p("sample_refs", REF_LIST).to(RefTarget.FILE_OR_ARTIFACT));
    domain(
        "malware-analysis",
        List.of("product"),
        p("product", STRING),
        p("version", STRING),
        p("host_vm_ref", REF).to(RefTarget.SOFTWARE),
        p("operating_system_ref", REF).to(RefTarget.SOFTWARE),
        p("installed_software_refs", REF_LIST).to(RefTarget.SOFTWARE),
        p("configuration_version", STRING),
        p("modules", STRING_LIST),
        p("analysis_engine_version", STRING),
        p("analysis_definition_version", STRING),
        p("submitted", TIMESTAMP),
        p("analysis_started", TIMESTAMP),
        p("analysis_ended", TIMESTAMP),
        p("result_name", STRING),
        p("result", STRING).in(Vocabulary.MALWARE_RESULT),
        p("analysis_sco_refs", REF_LIST).to(RefTarget.OBSERVABLE),
        p("sample_ref", REF).to(RefTarget.MALWARE_SAMPLE));
    domain(
        "note",
        List.of("content", "object_refs"),
        p("abstract", STRING),
        p("content", STRING),
        p("authors", STRING_LIST),
        objectRefs);
    domain(
        "observed-data",
        List.of("first_observed", "last_observed", "number_observed"),
        p("first_observed", TIMESTAMP),
        p("last_observed", TIMESTAMP),
        p("number_observed", INTEGER).range(1, 999_999_999),
        p("objects", DICTIONARY),
        p("object_refs", REF_LIST).to(RefTarget.OBSERVABLE_OR_RELATIONSHIP));
    domain(
        "opinion",
        List.of("opinion", "object_refs"),
        p("explanation", STRING),
        p("authors", STRING_LIST),
        p("opinion", STRING).in(Vocabulary.OPINION),
        objectRefs);
    domain(
        "report",
        List.of("name", "published", "object_refs"),
        name,
        description,
        p("report_types", STRING_LIST).in(Vocabulary.REPORT_TYPE),
        p("published", TIMESTAMP),
        objectRefs);
    domain(
        "threat-actor",
        List.of("name"),
        name,
        description,
        p("threat_actor_types", STRING_LIST).in(Vocabulary.THREAT_ACTOR_TYPE),
        aliases,
        firstSeen,
        lastSeen,
        p("roles", STRING_LIST),
        p("goals", STRING_LIST),
        p("sophistication", STRING),
        resource,
        motivation,
        secondary,
        p("personal_motivations", STRING_LIST));
    domain(
        "tool",
        List.of("name"),
        name,
        description,
        p("tool_types", STRING_LIST).in(Vocabulary.TOOL_TYPE),
        aliases,
        killChain,
        p("tool_version", STRING));
    domain("vulnerability", List.of("name"), name, description);
    domain(
        "relationship",
        List.of("relationship_type", "source_ref", "target_ref"),
        p("relationship_type", STRING).in(Vocabulary.RELATIONSHIP_TYPE),
        description,
        p("source_ref", REF).to(RefTarget.DOMAIN_OR_OBSERVABLE),
        p("target_ref", REF).to(RefTarget.DOMAIN_OR_OBSERVABLE),
        p("start_time", TIMESTAMP),
        p("stop_time", TIMESTAMP));
    domain(
        "sighting",
        List.of("sighting_of_ref"),
        description,
        firstSeen,
        lastSeen,
        p("count", INTEGER).range(0, 999_999_999),
        p("sighting_of_ref", REF).to(RefTarget.DOMAIN_OBJECT),
        p("observed_data_refs", REF_LIST).to(RefTarget.OBSERVED_DATA),
        p("where_sighted_refs", REF_LIST).to(RefTarget.IDENTITY_OR_LOCATION),
        p("summary", BOOLEAN));
    domain(
        "language-content",
        List.of("object_ref", "contents"),
        p("object_ref", REF),
        p("object_modified", TIMESTAMP),
        p("contents", DICTIONARY));
    domain(
        "extension-definition",
        List.of("created_by_ref", "name", "schema", "version", "extension_types"),
        name,
        description,
        p("schema", STRING),
        p("version", STRING),
        p("extension_types", STRING_LIST).in(Vocabulary.EXTENSION_TYPE),
        p("extension_properties", STRING_LIST));
    TYPES.put(
        "marking-definition",
        new TypeSpec(
            "marking-definition",
            Family.MARKING,
            index(
                p("type", CORE),
                p("spec_version", CORE),
                p("id", CORE),
                p("created_by_ref", REF).to(RefTarget.IDENTITY),
                p("created", TIMESTAMP),
                p("external_references", EXTERNAL_REFERENCES),
                p("object_marking_refs", REF_LIST).to(RefTarget.MARKING_DEFINITION),
                p("granular_markings", GRANULAR_MARKINGS),
                p("extensions", EXTENSIONS),
                name,
                p("definition_type", STRING).in(Vocabulary.MARKING_DEFINITION_TYPE),
                p("definition", OBJECT)),
            List.of("created")));
    for (ScoCatalog.ScoType sco : ScoCatalog.all()) {
      observable(sco);
    }
  }

  private TypeCatalog() {}

  /** The spec for a type the specification defines, or null for a custom type. */
  static TypeSpec get(String type) {
    return TYPES.get(type);
  }

  private static PropertySpec p(String name, Shape shape) {
    return PropertySpec.of(name, shape);
  }

  private static void domain(String type, List<String> required, PropertySpec... own) {
    Map<String, PropertySpec> props = new HashMap<>(DOMAIN_COMMON);
    for (PropertySpec s : own) {
      props.put(s.name(), s);
    }
    TYPES.put(type, new TypeSpec(type, Family.DOMAIN, props, required));
  }

  private static void observable(ScoCatalog.ScoType sco) {
    Map<String, PropertySpec> props = new HashMap<>(OBSERVABLE_COMMON);
    sco.properties()
        .forEach(
            (name, kind) -> {
              PropertySpec spec = p(name, shapeOf(kind));
              Set<String> targets = sco.referenceTargets().get(name);
              if (targets != null) {
                spec = spec.toTypes(targets);
              }
              if (name.endsWith("_port")) {
                spec = spec.range(0, 65535);
              } else if (kind == ValueKind.INTEGER) {
                spec = spec.range(0, Double.POSITIVE_INFINITY);
              }
              props.put(name, spec);
            });
    List<String> required = new ArrayList<>();
    required.addAll(OBSERVABLE_REQUIRED.getOrDefault(sco.name(), List.of()));
    required.addAll(MORE_OBSERVABLE_REQUIRED.getOrDefault(sco.name(), List.of()));
    TYPES.put(sco.name(), new TypeSpec(sco.name(), Family.OBSERVABLE, props, required));
  }

  private static Shape shapeOf(ValueKind kind) {
    return switch (kind) {
      case STRING -> STRING;
      case INTEGER -> INTEGER;
      case FLOAT -> FLOAT;
      case BOOLEAN -> BOOLEAN;
      case TIMESTAMP -> TIMESTAMP;
      case BINARY -> BINARY;
      case HEX -> HEX;
      case REFERENCE -> REF;
      case REFERENCE_LIST -> REF_LIST;
      case STRING_LIST -> STRING_LIST;
      case HASHES -> HASHES;
      case DICTIONARY -> DICTIONARY;
      case OBJECT_LIST -> OBJECT_LIST;
      case OBJECT -> OBJECT;
    };
  }

  private static Map<String, PropertySpec> index(PropertySpec... specs) {
    Map<String, PropertySpec> m = new HashMap<>();
    for (PropertySpec s : specs) {
      m.put(s.name(), s);
    }
    return m;
  }
}
