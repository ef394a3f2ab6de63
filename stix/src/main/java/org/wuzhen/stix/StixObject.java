package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One STIX object: its exact JSON (every property, in order, custom ones included) with typed
 * access to what code needs. A single small class serves every type, custom ones too; the validator
 * knows the per-type rules.
 *
 * <p>Construction checks only that {@code type} and {@code id} are present and well formed; use
 * {@link org.wuzhen.stix.validate.StixValidator} for the full rules.
 */
public record StixObject(JsonObject json, String type, StixId id) {

  public StixObject {
    requireNonNull(json, "json");
    requireNonNull(type, "type");
    requireNonNull(id, "id");
  }

  /**
   * Reads an object from JSON.
   *
   * @throws StixFormatException when type or id is missing or malformed
   */
  public static StixObject from(JsonValue value) {
    if (!(value instanceof JsonObject json)) {
      throw new StixFormatException("a STIX object must be a JSON object, found " + value.kind());
    }
    String type =
        json.string("type")
            .orElseThrow(() -> new StixFormatException("object has no string 'type' property"));
    if (!StixNames.isValidTypeName(type)) {
      throw new StixFormatException("type '" + type + "' is not a valid STIX type name");
    }
    String idText =
        json.string("id")
            .orElseThrow(
                () -> new StixFormatException(type + " object has no string 'id' property"));
    StixId id = StixId.parse(idText);
    if (!id.type().equals(type)) {
      throw new StixFormatException(
          "id '" + idText + "' does not start with the object's type '" + type + "--'");
    }
    return new StixObject(json, type, id);
  }

  public static StixObject parse(String jsonText) {
    return from(Json.parse(jsonText));
  }

  /** Parses UTF-8 JSON text. */
  public static StixObject parse(byte[] utf8) {
    return from(Json.parse(utf8));
  }

  public StixKind kind() {
    return StixKind.of(type);
  }

  public Optional<String> specVersion() {
    return json.string("spec_version");
  }

  public Optional<StixTimestamp> created() {
    return timestamp("created");
  }

  public Optional<StixTimestamp> modified() {
    return timestamp("modified");
  }

  /**
   * The version of this object as TAXII orders versions: {@code modified}, else {@code created},
   * else empty (SCOs and other unversioned objects).
   */
  public Optional<StixTimestamp> version() {
    Optional<StixTimestamp> modified = modified();
    return modified.isPresent() ? modified : created();
  }

  /** A timestamp property; empty when absent or not a valid timestamp. */
  public Optional<StixTimestamp> timestamp(String property) {
    Optional<String> text = json.string(property);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(StixTimestamp.parse(text.get()));
    } catch (StixFormatException e) {
      return Optional.empty();
    }
  }

  public Optional<String> string(String property) {
    return json.string(property);
  }

  public Optional<JsonValue> get(String property) {
    return json.get(property);
  }

  public Optional<String> createdByRef() {
    return json.string("created_by_ref");
  }

  public List<String> objectMarkingRefs() {
    return json.strings("object_marking_refs");
  }

  public boolean revoked() {
    return json.get("revoked").orElse(JsonBoolean.FALSE) instanceof JsonBoolean b && b.value();
  }

  /** The indicator's pattern when this object has one. */
  public Optional<String> pattern() {
    return json.string("pattern");
  }

  /**
   * Every identifier this object's top-level {@code *_ref} and {@code *_refs} properties hold, in
   * property order.
   */
  public List<String> references() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      String name = json.nameAt(i);
      JsonValue v = json.valueAt(i);
      if (name.endsWith("_ref") && v instanceof JsonString s) {
        out.add(s.value());
      } else if (name.endsWith("_refs") && v instanceof JsonArray a) {
        for (JsonValue e : a.elements()) {
          if (e instanceof JsonString s) {
            out.add(s.value());
          }
        }
      }
    }
    return out;
  }

  /** Compact JSON text, exactly the properties and order this object was read with. */
  public String toJson() {
    return Json.write(json);
  }
}
