package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The collection resource (§5.2): one collection and what the caller may do with it.
 *
 * @param id the collection's id as the server gives it (a Wuzhen node's are UUIDs, other servers'
 *     need not be)
 */
public record CollectionResource(
    String id,
    String title,
    Optional<String> description,
    Optional<String> alias,
    boolean canRead,
    boolean canWrite,
    List<String> mediaTypes) {
  public CollectionResource {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(alias, "alias");
    mediaTypes = List.copyOf(mediaTypes);
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("id", id).put("title", title);
    description.ifPresent(v -> b.put("description", v));
    alias.ifPresent(v -> b.put("alias", v));
    b.put("can_read", canRead).put("can_write", canWrite);
    if (!mediaTypes.isEmpty()) {
      b.put("media_types", DiscoveryResource.strings(mediaTypes));
    }
    return b.build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static CollectionResource fromJson(JsonValue json) {
    return read(JsonFields.of(json, ""));
  }

  static CollectionResource read(JsonFields f) {
    return new CollectionResource(
        f.string("id"),
        f.string("title"),
        f.optionalString("description"),
        f.optionalString("alias"),
        f.bool("can_read"),
        f.bool("can_write"),
        f.optionalStrings("media_types"));
  }
}
