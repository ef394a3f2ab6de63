package org.wuzhen.taxii;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/** The collections resource (§5.1): the collections of an API root the caller can see. */
public record CollectionsResource(List<CollectionResource> collections) {
  public CollectionsResource {
    collections = List.copyOf(collections);
  }

  /** TAXII lists are never empty: no collections is an object without the member. */
  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder();
    if (!collections.isEmpty()) {
      b.put(
          "collections",
          new JsonArray(collections.stream().<JsonValue>map(CollectionResource::toJson).toList()));
    }
    return b.build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static CollectionsResource fromJson(JsonValue json) {
    List<CollectionResource> out = new ArrayList<>();
    for (JsonFields c : JsonFields.of(json, "").optionalObjects("collections")) {
      out.add(CollectionResource.read(c));
    }
    return new CollectionsResource(out);
  }
}
