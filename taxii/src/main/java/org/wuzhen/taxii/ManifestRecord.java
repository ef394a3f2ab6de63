package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/** One manifest record (§5.3.1): an object version in a collection and when it was added. */
public record ManifestRecord(
    String id, String dateAdded, String version, Optional<String> mediaType) {
  public ManifestRecord {
    requireNonNull(id, "id");
    requireNonNull(dateAdded, "dateAdded");
    requireNonNull(version, "version");
    requireNonNull(mediaType, "mediaType");
  }

  public JsonObject toJson() {
    JsonObject.Builder b =
        JsonObject.builder().put("id", id).put("date_added", dateAdded).put("version", version);
    mediaType.ifPresent(m -> b.put("media_type", m));
    return b.build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static ManifestRecord fromJson(JsonValue json) {
    return read(JsonFields.of(json, ""));
  }

  /** A record read where it sits in a manifest, so errors name its place. */
  public static ManifestRecord read(JsonFields f) {
    return new ManifestRecord(
        f.string("id"),
        f.string("date_added"),
        f.string("version"),
        f.optionalString("media_type"));
  }
}
