package org.wuzhen.stix;

/**
 * An immutable JSON value that keeps everything the text said: member order, unknown members and
 * the exact text of numbers. STIX objects are views over these values, so nothing is ever lost.
 */
public sealed interface JsonValue
    permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

  /** The JSON type name used in messages: object, array, string, number, boolean or null. */
  String kind();
}
