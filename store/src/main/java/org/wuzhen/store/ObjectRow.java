package org.wuzhen.store;

import java.time.Instant;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * The columns of one object version about to be stored, the SHA-256 of its JSON text for the
 * transparency log, its full-text entry and a relationship's ends, computed before any lock is
 * taken.
 */
record ObjectRow(
    String id,
    String type,
    long versionMicros,
    Optional<String> version,
    String specVersion,
    String json,
    byte[] jsonSha256,
    Optional<ObjectText.Entry> text,
    Optional<RelationshipEnds.Ends> ends) {

  static ObjectRow of(StixObject object) {
    return of(object, object.toJson());
  }

  /** The row of an object whose exact JSON text is {@code json} (as received). */
  static ObjectRow of(StixObject object, String json) {
    // The digest the transparency log records is taken here, before the write lock.
    return of(object, json, LogRecords.sha256(json));
  }

  /** The row of an object whose JSON text is {@code json}, SHA-256 {@code jsonSha256}. */
  static ObjectRow of(StixObject object, String json, byte[] jsonSha256) {
    Optional<StixTimestamp> version = object.version();
    return new ObjectRow(
        object.id().toString(),
        object.type(),
        version.map(v -> micros(v.instant())).orElse(0L),
        version.map(StixTimestamp::text),
        specVersionOf(object),
        json,
        jsonSha256,
        ObjectText.of(object),
        RelationshipEnds.of(object));
  }

  /**
   * spec_version when present. Without it, an object with {@code created} is a STIX 2.0 object (2.1
   * requires spec_version on every object that has created), anything else is a 2.1 SCO.
   */
  static String specVersionOf(StixObject object) {
    return object.specVersion().orElseGet(() -> object.json().has("created") ? "2.0" : "2.1");
  }

  /** Microseconds since the epoch; finer digits are dropped (TAXII versions compare at µs). */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
