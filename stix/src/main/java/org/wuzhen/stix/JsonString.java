package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

/** A JSON string. */
public record JsonString(String value) implements JsonValue {
  public JsonString {
    requireNonNull(value, "value");
  }

  @Override
  public String kind() {
    return "string";
  }
}
