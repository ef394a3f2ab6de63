package org.wuzhen.stix.validate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What the validator knows about one STIX type: its family, its typed properties (common ones
 * included) and the properties it requires besides type and id.
 */
record TypeSpec(
    String type, Family family, Map<String, PropertySpec> properties, List<String> required) {

  /** Which common rules apply to an object. */
  enum Family {
    /** SDOs, SROs, language-content, extension-definition and custom objects (§3.2). */
    DOMAIN,
    /** marking-definition (§7.2): spec_version and created, no modified. */
    MARKING,
    /** SCOs (§6): spec_version optional, no created or modified. */
    OBSERVABLE
  }

  TypeSpec {
    requireNonNull(type, "type");
    requireNonNull(family, "family");
    properties = Map.copyOf(properties);
    required = List.copyOf(required);
  }

  PropertySpec property(String name) {
    return properties.get(name);
  }
}
