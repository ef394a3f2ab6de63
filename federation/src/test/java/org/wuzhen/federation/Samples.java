package org.wuzhen.federation;

import java.util.List;
import java.util.UUID;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;

/** STIX objects for federation tests. */
final class Samples {
  static final String CREATED = "2024-01-01T00:00:00.000Z";

  private Samples() {}

  static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }

  /** An indicator on one IPv4 address, marked with the given TLP (none when null). */
  static StixObject onAddress(String id, String modified, Tlp tlp, String createdBy, String ip) {
    return indicator(id, modified, tlp, createdBy, "[ipv4-addr:value = '" + ip + "']");
  }

  static StixObject indicator(
      String id, String modified, Tlp tlp, String createdBy, String patternText) {
    JsonObject.Builder b =
        JsonObject.builder()
            .put("type", "indicator")
            .put("spec_version", "2.1")
            .put("id", id)
            .put("created", CREATED)
            .put("modified", modified)
            .put("name", "test indicator")
            .put("pattern", patternText)
            .put("pattern_type", "stix")
            .put("valid_from", CREATED);
    if (createdBy != null) {
      b.put("created_by_ref", createdBy);
    }
    if (tlp != null) {
      b.put("object_marking_refs", strings(tlp.markingId()));
    }
    return StixObject.from(b.build());
  }

  static StixObject withTlp1(StixObject o, Tlp tlp) {
    return StixObject.from(
        o.json().with("object_marking_refs", strings(tlp.tlp1MarkingId().orElseThrow())));
  }

  static StixObject withConfidence(StixObject o, int confidence) {
    return StixObject.from(o.json().with("confidence", JsonNumber.of(confidence)));
  }

  static StixObject with(StixObject o, String property, String value) {
    return StixObject.from(o.json().with(property, new JsonString(value)));
  }

  static JsonArray strings(String... values) {
    return new JsonArray(List.of(values).stream().map(v -> (JsonValue) new JsonString(v)).toList());
  }
}
