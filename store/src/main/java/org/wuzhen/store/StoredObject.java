package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One stored object version: its exact JSON text as received plus the indexed columns.
 *
 * @param id the STIX id
 * @param type the STIX type
 * @param version the version text (modified, else created) when the object has one
 * @param versionMicros the version in microseconds since the epoch; objects without modified and
 *     created (SCOs, marking definitions without them) use 0, so one such version exists per id
 * @param dateAddedMicros when this store added the version, in microseconds (TAXII date_added)
 * @param specVersion spec_version; when absent, "2.0" for an object with {@code created} (STIX 2.1
 *     requires spec_version on every such object, so it is a STIX 2.0 object) and "2.1" otherwise
 *     (an SCO)
 * @param body the exact JSON text received, as UTF-8; empty when the query asked for metadata only
 */
public record StoredObject(
    String id,
    String type,
    Optional<String> version,
    long versionMicros,
    long dateAddedMicros,
    String specVersion,
    Optional<JsonText> body) {
  public StoredObject {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(version, "version");
    requireNonNull(specVersion, "specVersion");
    requireNonNull(body, "body");
  }

  /** The exact JSON text received, decoded; empty when the query asked for metadata only. */
  public Optional<String> json() {
    return body.map(JsonText::text);
  }
}
