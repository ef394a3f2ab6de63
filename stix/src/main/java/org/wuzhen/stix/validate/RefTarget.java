package org.wuzhen.stix.validate;

import org.wuzhen.stix.StixKind;

/**
 * The object types a {@code *_ref} or {@code *_refs} property may point at. Categories admit custom
 * types too, since custom objects (and extension-defined SDOs and SCOs) play those roles.
 */
enum RefTarget {
  /** Any STIX object: only the identifier syntax is checked. */
  ANY("any STIX object"),
  /** §4: an SDO; sighting_of_ref. */
  DOMAIN_OBJECT("an SDO"),
  /** §5.1: relationship source_ref and target_ref, an SDO or SCO (not SCO-restricted). */
  DOMAIN_OR_OBSERVABLE("an SDO or SCO"),
  /** §4.11 malware-analysis analysis_sco_refs. */
  OBSERVABLE("an SCO"),
  /** §4.13 observed-data object_refs: SCOs and SROs. */
  OBSERVABLE_OR_RELATIONSHIP("an SCO or SRO"),
  IDENTITY("identity"),
  MARKING_DEFINITION("marking-definition"),
  OBSERVED_DATA("observed-data"),
  IDENTITY_OR_LOCATION("identity or location"),
  SOFTWARE("software"),
  FILE_OR_ARTIFACT("file or artifact"),
  MALWARE_SAMPLE("file, artifact or network-traffic");

  private final String description;

  RefTarget(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  boolean allows(String type) {
    return switch (this) {
      case ANY -> true;
      case DOMAIN_OBJECT -> is(type, StixKind.DOMAIN_OBJECT, StixKind.CUSTOM);
      case DOMAIN_OR_OBSERVABLE ->
          is(type, StixKind.DOMAIN_OBJECT, StixKind.CYBER_OBSERVABLE, StixKind.CUSTOM);
      case OBSERVABLE -> is(type, StixKind.CYBER_OBSERVABLE, StixKind.CUSTOM);
      case OBSERVABLE_OR_RELATIONSHIP ->
          is(type, StixKind.CYBER_OBSERVABLE, StixKind.RELATIONSHIP_OBJECT, StixKind.CUSTOM);
      case IDENTITY -> type.equals("identity");
      case MARKING_DEFINITION -> type.equals("marking-definition");
      case OBSERVED_DATA -> type.equals("observed-data");
      case IDENTITY_OR_LOCATION -> type.equals("identity") || type.equals("location");
      case SOFTWARE -> type.equals("software");
      case FILE_OR_ARTIFACT -> type.equals("file") || type.equals("artifact");
      case MALWARE_SAMPLE ->
          type.equals("file") || type.equals("artifact") || type.equals("network-traffic");
    };
  }

  private static boolean is(String type, StixKind a, StixKind b) {
    StixKind k = StixKind.of(type);
    return k == a || k == b;
  }

  private static boolean is(String type, StixKind a, StixKind b, StixKind c) {
    StixKind k = StixKind.of(type);
    return k == a || k == b || k == c;
  }
}
