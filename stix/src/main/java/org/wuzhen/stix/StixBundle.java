package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A STIX bundle (§8): an id and a list of objects, read and written losslessly. */
public record StixBundle(JsonObject json, StixId id, List<StixObject> objects) {

  public StixBundle {
    requireNonNull(json, "json");
    requireNonNull(id, "id");
    objects = List.copyOf(objects);
  }

  /**
   * Reads a bundle from JSON.
   *
   * @throws StixFormatException naming the first object that cannot be read (use the validator for
   *     a complete report)
   */
  public static StixBundle from(JsonValue value) {
    if (!(value instanceof JsonObject json)) {
      throw new StixFormatException("a bundle must be a JSON object, found " + value.kind());
    }
    if (!json.string("type").orElse("").equals("bundle")) {
      throw new StixFormatException("type: expected 'bundle'");
    }
    String idText =
        json.string("id").orElseThrow(() -> new StixFormatException("bundle has no 'id'"));
    StixId id = StixId.parse(idText);
    if (!id.type().equals("bundle")) {
      // §8: a bundle's id is bundle--<UUID>, as any object's id starts with its own type.
      throw new StixFormatException("id '" + idText + "' does not start with 'bundle--'");
    }
    List<StixObject> objects = new ArrayList<>();
    JsonArray array = json.array("objects").orElse(JsonArray.EMPTY);
    for (int i = 0; i < array.size(); i++) {
      try {
        objects.add(StixObject.from(array.get(i)));
      } catch (StixFormatException e) {
        throw new StixFormatException("objects[" + i + "]: " + e.getMessage());
      }
    }
    return new StixBundle(json, id, objects);
  }

  public static StixBundle parse(byte[] utf8) {
    return from(Json.parse(utf8));
  }

  /** A new bundle with a random id around the given objects. */
  public static StixBundle of(List<StixObject> objects) {
    StixId id = new StixId("bundle", UUID.randomUUID());
    List<JsonValue> jsons = new ArrayList<>(objects.size());
    for (StixObject o : objects) {
      jsons.add(o.json());
    }
    JsonObject json =
        JsonObject.builder()
            .put("type", "bundle")
            .put("id", id.text())
            .put("objects", new JsonArray(jsons))
            .build();
    return new StixBundle(json, id, objects);
  }
}
