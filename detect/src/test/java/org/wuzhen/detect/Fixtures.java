package org.wuzhen.detect;

import java.util.List;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/** Indicators and events for tests, built as a producer would. */
final class Fixtures {
  static final StixTimestamp T = StixTimestamp.parse("2024-05-01T12:00:00Z");

  private Fixtures() {}

  /** A one-shot run over Zeek logs with these sighting options (not following). */
  static LiveDetection.Settings zeekRun(SightingOptions sightings) {
    return new LiveDetection.Settings(
        new TelemetryFormat.Zeek(),
        StreamMatcher.Limits.DEFAULT,
        sightings,
        java.util.Optional.empty(),
        false,
        java.time.Duration.ofSeconds(1),
        java.util.Optional.empty());
  }

  /** The sighter of the tests' runs. */
  static SightingOptions sightings() {
    return SightingOptions.defaults(
        org.wuzhen.stix.StixId.parse("identity--00000000-0000-4000-8000-000000000001"));
  }

  static String id(int n) {
    return String.format("indicator--00000000-0000-4000-8000-%012d", n);
  }

  /**
   * A stix-pattern indicator valid from 2000 on; each extra member ({@code "name":value}) is set,
   * replacing a default one of the same name.
   */
  static StixObject indicator(int n, String pattern, String... extraMembers) {
    JsonObject o =
        (JsonObject)
            Json.parse(
                "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\""
                    + id(n)
                    + "\",\"created\":\"2024-01-01T00:00:00.000Z\","
                    + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"pattern_type\":\"stix\","
                    + "\"valid_from\":\"2000-01-01T00:00:00Z\"}");
    o = o.with("pattern", new JsonString(pattern));
    for (String m : extraMembers) {
      JsonObject member = (JsonObject) Json.parse("{" + m + "}");
      o = o.with(member.nameAt(0), member.valueAt(0));
    }
    return StixObject.from(o);
  }

  /** An SCO with its deterministic id, from JSON text without an id. */
  static JsonObject sco(String json) {
    JsonObject o = (JsonObject) Json.parse(json);
    return o.with("id", new JsonString(ScoIds.compute(o).orElseThrow().text()));
  }

  static Event event(JsonObject... scos) {
    return new Event("test", T, List.of(scos));
  }

  static JsonObject ip(String value) {
    return sco(
        "{\"type\":\""
            + (value.contains(":") ? "ipv6-addr" : "ipv4-addr")
            + "\",\"value\":\""
            + value
            + "\"}");
  }

  static JsonObject domain(String value) {
    return sco("{\"type\":\"domain-name\",\"value\":\"" + value + "\"}");
  }

  static JsonObject traffic(JsonObject src, JsonObject dst, int dstPort) {
    return sco(
        "{\"type\":\"network-traffic\",\"src_ref\":\""
            + src.string("id").orElseThrow()
            + "\",\"dst_ref\":\""
            + dst.string("id").orElseThrow()
            + "\",\"dst_port\":"
            + dstPort
            + ",\"protocols\":[\"tcp\"]}");
  }
}
