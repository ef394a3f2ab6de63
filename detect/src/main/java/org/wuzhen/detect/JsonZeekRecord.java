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
record JsonZeekRecord(String logPath, JsonObject json) implements JsonRecord {

  /**
   * A field by its literal name (Zeek's {@code id.orig_h}), else by walking nested objects along
   * its dots (Suricata's {@code tls.sni}); null reads as absent.
   */
  private Optional<JsonValue> field(String name) {
    Optional<JsonValue> literal = json.get(name);
    if (literal.isEmpty() && name.indexOf('.') > 0) {
      JsonValue at = json;
      for (String part : name.split("\\.")) {
        if (!(at instanceof JsonObject o) || (at = o.get(part).orElse(null)) == null) {
          return Optional.empty();
        }
      }
      literal = Optional.of(at);
    }
    return literal.filter(v -> v != JsonNull.INSTANCE);
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
  public Optional<JsonValue> value(String name) {
    return field(name);
  }

  @Override
  public List<JsonRecord> records(String name) {
    List<JsonObject> objects = objects(name);
    List<JsonRecord> out = new ArrayList<>(objects.size());
    for (JsonObject o : objects) {
      out.add(new JsonZeekRecord(logPath, o));
    }
    return out;
  }

  /** An array of objects (Suricata's {@code dns.answers}); empty when absent. */
  List<JsonObject> objects(String name) {
    Optional<JsonValue> v = field(name);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof JsonArray a)) {
      throw wrong(name, "an array of objects", v.get());
    }
    List<JsonObject> out = new ArrayList<>(a.size());
    for (JsonValue e : a.elements()) {
      if (!(e instanceof JsonObject o)) {
        throw wrong(name, "an array of objects", e);
      }
      out.add(o);
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
          yield Optional.of(isoTime(s.value()));
        } catch (DateTimeException e) {
          throw new BadRecordException(
              name + ": expected an ISO 8601 time, found '" + s.value() + "'");
        }
      }
      default -> throw wrong(name, "a time", v.get());
    };
  }

  /**
   * ISO 8601 with a zone: {@code Z}, {@code +01:00}, or Suricata's {@code +0100}; any number of
   * fraction digits.
   */
  static Instant isoTime(String text) {
    Instant utc = TimeText.isoUtc(text);
    if (utc != null) {
      return utc;
    }
    int n = text.length();
    if (n >= 24 && text.endsWith("+0000")) {
      // Suricata's zone: the same instant as Z, read without java.time's formatter.
      utc = TimeText.isoUtc(text.substring(0, n - 5) + "Z");
      if (utc != null) {
        return utc;
      }
    }
    if (n > 5
        && (text.charAt(n - 5) == '+' || text.charAt(n - 5) == '-')
        && Character.isDigit(text.charAt(n - 1))
        && text.indexOf(':', n - 5) < 0) {
      text = text.substring(0, n - 2) + ":" + text.substring(n - 2);
    }
    return java.time.OffsetDateTime.parse(text).toInstant();
  }

  private static BadRecordException wrong(String name, String expected, JsonValue found) {
    return new BadRecordException(name + ": expected " + expected + ", found " + found.kind());
  }
}
