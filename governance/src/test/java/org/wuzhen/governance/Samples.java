package org.wuzhen.governance;

import java.time.Instant;
import java.util.UUID;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/** STIX objects for the tests: indicators, opinions, false-positive notes, sightings. */
final class Samples {
  private Samples() {}

  static String stamp(Instant t) {
    return StixTimestamp.ofMillis(t).text();
  }

  static StixObject indicator(String id, String by, String address, int confidence, Instant at) {
    return StixObject.parse(
        """
        {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s","created":"%s",\
        "modified":"%s","name":"bad address","pattern":"[ipv4-addr:value = '%s']",\
        "pattern_type":"stix","valid_from":"%s","confidence":%d}"""
            .formatted(id, by, stamp(at), stamp(at), address, stamp(at), confidence));
  }

  static StixObject opinion(String by, String about, String opinion, Instant at) {
    return StixObject.parse(
        """
        {"type":"opinion","spec_version":"2.1","id":"opinion--%s","created_by_ref":"%s",\
        "created":"%s","modified":"%s","opinion":"%s","object_refs":["%s"]}"""
            .formatted(UUID.randomUUID(), by, stamp(at), stamp(at), opinion, about));
  }

  static StixObject falsePositive(String by, String about, String reason, Instant at) {
    return StixObject.parse(
        """
        {"type":"note","spec_version":"2.1","id":"note--%s","created_by_ref":"%s",\
        "created":"%s","modified":"%s","abstract":"false positive","content":"%s",\
        "labels":["false-positive"],"object_refs":["%s"]}"""
            .formatted(UUID.randomUUID(), by, stamp(at), stamp(at), reason, about));
  }

  static StixObject sighting(String by, String of, Instant at) {
    return StixObject.parse(
        """
        {"type":"sighting","spec_version":"2.1","id":"sighting--%s","created_by_ref":"%s",\
        "created":"%s","modified":"%s","last_seen":"%s","sighting_of_ref":"%s"}"""
            .formatted(UUID.randomUUID(), by, stamp(at), stamp(at), stamp(at), of));
  }
}
