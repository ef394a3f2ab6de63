package org.wuzhen.detect;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/** A record of a Zeek JSON log (one object per line, field names such as {@code id.orig_h}). */
record JsonZeekRecord(String logPath, JsonObject json) implements ZeekRecord {

  private Optional<JsonValue> field(String name) {
    return json.get(name).filter(v -> v != JsonNull.INSTANCE);
  }

  @Override
  public Optional<String> text(String name) {
    Optional<JsonValue> v = field(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.get() instanceof JsonString s) {
      return Optional.of(s.value());
    }
    throw wrong(name, "a string", v.get());
  }

  @Override
  public List<String> texts(String name) {
    Optional<JsonValue> v = field(name);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof JsonArray a)) {
      throw wrong(name, "an array of strings", v.get());
    }
    List<String> out = new ArrayList<>(a.size());
    for (JsonValue e : a.elements()) {
      if (!(e instanceof JsonString s)) {
        throw wrong(name, "an array of strings", e);
      }
      out.add(s.value());
    }
    return out;
  }

  @Override
  public OptionalLong count(String name) {
    Optional<JsonValue> v = field(name);
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    if (v.get() instanceof JsonNumber n && n.asLong().isPresent()) {
      return OptionalLong.of(n.asLong().get());
    }
    throw wrong(name, "an integer", v.get());
  }

  @Override
  public Optional<Instant> time(String name) {
    Optional<JsonValue> v = field(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    return switch (v.get()) {
      case JsonNumber n -> Optional.of(ZeekRecord.epochSeconds(name, n.text()));
      case JsonString s -> {
        try {
          yield Optional.of(Instant.parse(s.value()));
        } catch (DateTimeException e) {
          throw new BadRecordException(
              name + ": expected an ISO 8601 time, found '" + s.value() + "'");
        }
      }
      default -> throw wrong(name, "a time", v.get());
    };
  }

  private static BadRecordException wrong(String name, String expected, JsonValue found) {
    return new BadRecordException(name + ": expected " + expected + ", found " + found.kind());
  }
}
