package org.wuzhen.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;

/** JSON values on the app's own topics and stores, written compact in UTF-8. */
final class JsonSerde implements Serde<JsonValue> {
  static final JsonSerde INSTANCE = new JsonSerde();

  @Override
  public Serializer<JsonValue> serializer() {
    return (topic, value) -> value == null ? null : Json.writeBytes(value, false);
  }

  @Override
  public Deserializer<JsonValue> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return Json.parse(bytes);
      } catch (StixFormatException e) {
        throw new SerializationException(topic + ": " + e.getMessage(), e);
      }
    };
  }
}
