package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.stix.validate.StixValidator;

/** Matches aggregate into one sighting per indicator and bucket, with a bounded sample. */
class SightingsTest {
  static final StixId ME = StixId.parse("identity--5d2f4c3b-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
  static final StixTimestamp NOW = StixTimestamp.parse("2026-11-25T12:00:00.000Z");

  private static Event at(String time, String source, String ip) {
    return new Event(source, StixTimestamp.parse(time), List.of(Fixtures.ip(ip)));
  }

  private static List<JsonObject> ofType(List<JsonObject> objects, String type) {
    return objects.stream().filter(o -> o.string("type").orElseThrow().equals(type)).toList();
  }

  @Test
  void oneSightingPerIndicatorAndBucketCountsEveryMatchingEvent() {
    Sightings s = new Sightings(SightingOptions.defaults(ME).withSampleSize(2));
    for (int i = 0; i < 5; i++) {
      s.add(new Match(Fixtures.id(1), at("2024-01-01T10:0" + i + ":00Z", "f:" + i, "192.0.2.1")));
    }
    s.add(new Match(Fixtures.id(1), at("2024-01-01T11:30:00Z", "f:9", "192.0.2.1")));
    s.add(new Match(Fixtures.id(2), at("2024-01-01T10:05:00Z", "f:5", "192.0.2.1")));

    List<JsonObject> out = s.snapshot(NOW);
    List<JsonObject> sightings = ofType(out, "sighting");
    assertThat(sightings).hasSize(3);
    JsonObject first = sightings.get(0);
    assertThat(first.string("sighting_of_ref")).hasValue(Fixtures.id(1));
    assertThat(first.get("count").map(Json::write)).hasValue("5");
    assertThat(first.string("first_seen")).hasValue("2024-01-01T10:00:00Z");
    assertThat(first.string("last_seen")).hasValue("2024-01-01T10:04:00Z");
    assertThat(first.array("observed_data_refs").orElseThrow().size()).isEqualTo(2);
    assertThat(Json.write(first.get("where_sighted_refs").orElseThrow()))
        .isEqualTo("[\"" + ME.text() + "\"]");
    assertThat(sightings.get(1).get("count").map(Json::write)).hasValue("1");
    assertThat(sightings.get(2).string("sighting_of_ref")).hasValue(Fixtures.id(2));
    assertThat(ofType(out, "observed-data")).hasSize(4);
    assertThat(ofType(out, "ipv4-addr")).hasSize(1); // the same address, once
    assertThat(s.matchCount()).isEqualTo(7);

    JsonObject bundle =
        (JsonObject)
            Json.parse(
                "{\"type\":\"bundle\",\"id\":\"bundle--5d2f4c3b-1a2b-4c3d-8e4f-5a6b7c8d9e01\","
                    + "\"objects\":"
                    + Json.write(new org.wuzhen.stix.JsonArray(List.copyOf(out)))
                    + "}");
    assertThat(new StixValidator().validate(bundle)).noneMatch(f -> f.isError());
  }

  @Test
  void idsAreDeterministicSoALaterSnapshotIsANewVersionOfTheSameSighting() {
    Sightings a = new Sightings(SightingOptions.defaults(ME));
    Sightings b = new Sightings(SightingOptions.defaults(ME));
    a.add(new Match(Fixtures.id(1), at("2024-01-01T10:00:00Z", "f:1", "192.0.2.1")));
    b.add(new Match(Fixtures.id(1), at("2024-01-01T10:59:59Z", "g:7", "192.0.2.9")));
    String idA = ofType(a.snapshot(NOW), "sighting").getFirst().string("id").orElseThrow();
    String idB = ofType(b.snapshot(NOW), "sighting").getFirst().string("id").orElseThrow();
    assertThat(idA).isEqualTo(idB);
    Sightings other =
        new Sightings(SightingOptions.defaults(ME).withBucket(Duration.ofMinutes(30)));
    other.add(new Match(Fixtures.id(1), at("2024-01-01T10:59:59Z", "g:7", "192.0.2.9")));
    assertThat(ofType(other.snapshot(NOW), "sighting").getFirst().string("id"))
        .isNotEqualTo(java.util.Optional.of(idA));
  }

  @Test
  void privacyModeSendsCountsWithoutObservedData() {
    Sightings s = new Sightings(SightingOptions.defaults(ME).withoutObservedData());
    s.add(new Match(Fixtures.id(1), at("2024-01-01T10:00:00Z", "f:1", "192.0.2.1")));
    List<JsonObject> out = s.snapshot(NOW);
    assertThat(out).hasSize(1);
    assertThat(out.getFirst().get("observed_data_refs")).isEmpty();
    assertThat(Json.write(out.getFirst())).doesNotContain("192.0.2.1");
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(
            () ->
                SightingOptions.defaults(
                    StixId.parse("malware--5d2f4c3b-1a2b-4c3d-8e4f-5a6b7c8d9e0f")))
        .hasMessageContaining("sighter: expected an identity");
    assertThatThrownBy(() -> SightingOptions.defaults(ME).withBucket(Duration.ZERO))
        .hasMessageContaining("bucket");
    assertThatThrownBy(() -> SightingOptions.defaults(ME).withSampleSize(-1))
        .hasMessageContaining("sampleSize");
  }
}
