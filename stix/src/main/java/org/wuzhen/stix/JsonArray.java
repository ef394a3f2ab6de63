package org.wuzhen.stix;

import java.util.List;

/** A JSON array; its elements are immutable. */
public record JsonArray(List<JsonValue> elements) implements JsonValue {
  public static final JsonArray EMPTY = new JsonArray(List.of());

  public JsonArray {
    elements = List.copyOf(elements);
  }

  public int size() {
    return elements.size();
  }

  public JsonValue get(int index) {
    return elements.get(index);
  }

  @Override
  public String kind() {
    return "array";
  }
}
