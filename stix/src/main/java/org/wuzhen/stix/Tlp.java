package org.wuzhen.stix;

import java.util.Collection;
import java.util.Optional;

/**
 * The Traffic Light Protocol levels, ordered from least to most restrictive (TLP 2.0: CLEAR < GREEN
 * < AMBER < AMBER+STRICT < RED), with the marking-definition ids of both TLP 2.0 (through the OASIS
 * extension) and TLP 1.0 (predefined in STIX 2.1 §7.2.1.4). TLP 1.0 WHITE reads as CLEAR.
 */
public enum Tlp {
  CLEAR(
      "TLP:CLEAR",
      "clear",
      "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
      "white",
      "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
  GREEN(
      "TLP:GREEN",
      "green",
      "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
      "green",
      "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),
  AMBER(
      "TLP:AMBER",
      "amber",
      "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
      "amber",
      "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
  AMBER_STRICT(
      "TLP:AMBER+STRICT",
      "amber+strict",
      "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
      null,
      null),
  RED(
      "TLP:RED",
      "red",
      "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
      "red",
      "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");

  /** The OASIS extension definition through which TLP 2.0 markings are expressed. */
  public static final String TLP2_EXTENSION_ID =
      "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

  private static final String TLP2_CREATED = "2022-10-01T00:00:00.000Z";
  private static final String TLP1_CREATED = "2017-01-20T00:00:00.000Z";

  private final String label;
  private final String tlp2Value;
  private final String tlp2Id;
  private final String tlp1Value;
  private final String tlp1Id;

  Tlp(String label, String tlp2Value, String tlp2Id, String tlp1Value, String tlp1Id) {
    this.label = label;
    this.tlp2Value = tlp2Value;
    this.tlp2Id = tlp2Id;
    this.tlp1Value = tlp1Value;
    this.tlp1Id = tlp1Id;
  }

  /** The TLP 2.0 label, e.g. {@code TLP:AMBER+STRICT}. */
  public String label() {
    return label;
  }

  /** The {@code tlp_2_0} value of the TLP 2.0 extension, e.g. {@code amber+strict}. */
  public String tlp2Value() {
    return tlp2Value;
  }

  /**
   * The TLP 1.0 {@code definition.tlp} value ({@code white} for CLEAR), absent for AMBER+STRICT.
   */
  public Optional<String> tlp1Value() {
    return Optional.ofNullable(tlp1Value);
  }

  /** The id of the TLP 2.0 marking definition. */
  public String markingId() {
    return tlp2Id;
  }

  /** The id of the TLP 1.0 marking definition, absent for AMBER+STRICT which TLP 1.0 lacks. */
  public Optional<String> tlp1MarkingId() {
    return Optional.ofNullable(tlp1Id);
  }

  public boolean isStricterThan(Tlp other) {
    return compareTo(other) > 0;
  }

  /** The TLP 2.0 marking-definition object exactly as OASIS publishes it. */
  public StixObject markingDefinition() {
    JsonObject extension =
        JsonObject.builder()
            .put("extension_type", "property-extension")
            .put("tlp_2_0", tlp2Value)
            .build();
    return StixObject.from(
        JsonObject.builder()
            .put("type", "marking-definition")
            .put("spec_version", "2.1")
            .put("id", tlp2Id)
            .put("created", TLP2_CREATED)
            .put("name", label)
            .put("extensions", JsonObject.builder().put(TLP2_EXTENSION_ID, extension).build())
            .build());
  }

  /** The TLP 1.0 marking-definition object of STIX 2.1 §7.2.1.4, when this level has one. */
  public Optional<StixObject> tlp1MarkingDefinition() {
    if (tlp1Id == null) {
      return Optional.empty();
    }
    return Optional.of(
        StixObject.from(
            JsonObject.builder()
                .put("type", "marking-definition")
                .put("spec_version", "2.1")
                .put("id", tlp1Id)
                .put("created", TLP1_CREATED)
                .put("definition_type", "tlp")
                .put("name", "TLP:" + tlp1Value.toUpperCase(java.util.Locale.ROOT))
                .put("definition", JsonObject.builder().put("tlp", tlp1Value).build())
                .build()));
  }

  /** The level a marking-definition id stands for, TLP 1.0 or 2.0; empty for other markings. */
  public static Optional<Tlp> ofMarkingId(String markingId) {
    for (Tlp tlp : values()) {
      if (tlp.tlp2Id.equals(markingId) || markingId.equals(tlp.tlp1Id)) {
        return Optional.of(tlp);
      }
    }
    return Optional.empty();
  }

  /** The most restrictive TLP level among marking refs; empty when none is a TLP marking. */
  public static Optional<Tlp> strictestOf(Collection<String> markingRefs) {
    Tlp strictest = null;
    for (String ref : markingRefs) {
      Optional<Tlp> tlp = ofMarkingId(ref);
      if (tlp.isPresent() && (strictest == null || tlp.get().isStricterThan(strictest))) {
        strictest = tlp.get();
      }
    }
    return Optional.ofNullable(strictest);
  }

  /** Parses {@code clear}, {@code TLP:AMBER+STRICT}, {@code white} (as CLEAR), case-insensitive. */
  public static Optional<Tlp> parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("tlp:")) {
      t = t.substring(4);
    }
    if (t.equals("white")) {
      return Optional.of(CLEAR);
    }
    for (Tlp tlp : values()) {
      if (tlp.tlp2Value.equals(t) || (t.equals("amber_strict") && tlp == AMBER_STRICT)) {
        return Optional.of(tlp);
      }
    }
    return Optional.empty();
  }
}
