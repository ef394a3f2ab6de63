package org.wuzhen.stix;

import java.util.Set;

/** The families of STIX objects (§2.4, §4, §5, §6, §7). */
public enum StixKind {
  DOMAIN_OBJECT,
  RELATIONSHIP_OBJECT,
  CYBER_OBSERVABLE,
  /** marking-definition, language-content, extension-definition. */
  META_OBJECT,
  BUNDLE,
  /** A type this specification does not define, such as {@code x-mitre-tactic}. */
  CUSTOM;

  /** The 19 STIX 2.1 domain object types. */
  public static final Set<String> DOMAIN_OBJECT_TYPES =
      Set.of(
          "attack-pattern",
          "campaign",
          "course-of-action",
          "grouping",
          "identity",
          "incident",
          "indicator",
          "infrastructure",
          "intrusion-set",
          "location",
          "malware",
          "malware-analysis",
          "note",
          "observed-data",
          "opinion",
          "report",
          "threat-actor",
          "tool",
          "vulnerability");

  public static final Set<String> RELATIONSHIP_OBJECT_TYPES = Set.of("relationship", "sighting");

  public static final Set<String> META_OBJECT_TYPES =
      Set.of("marking-definition", "language-content", "extension-definition");

  public static StixKind of(String type) {
    if (DOMAIN_OBJECT_TYPES.contains(type)) {
      return DOMAIN_OBJECT;
    }
    if (RELATIONSHIP_OBJECT_TYPES.contains(type)) {
      return RELATIONSHIP_OBJECT;
    }
    if (ScoCatalog.isSco(type)) {
      return CYBER_OBSERVABLE;
    }
    if (META_OBJECT_TYPES.contains(type)) {
      return META_OBJECT;
    }
    if (type.equals("bundle")) {
      return BUNDLE;
    }
    return CUSTOM;
  }
}
