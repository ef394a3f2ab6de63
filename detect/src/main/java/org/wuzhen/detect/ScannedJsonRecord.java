package org.wuzhen.detect;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonValue;

/**
 * A JSON-lines record read straight from the bytes a {@link JsonTape} has gone over (object node
 * {@code node} of it), decoding only the fields asked for, with exactly the answers, and the same
 * errors, of a {@link JsonZeekRecord} over the parsed line. Valid until the tape moves to the next
 * line.
 */
record ScannedJsonRecord(String logPath, JsonTape tape, int node) implements JsonRecord {
  /** The dot-separated parts of each field name asked for (a format asks for a few dozen). */
  private static final Map<String, String[]> PARTS = new ConcurrentHashMap<>();

  /** The parts {@link JsonZeekRecord} walks for a name, or null when it walks none. */
  static String[] parts(String name) {
    if (name.indexOf('.') <= 0) {
      return null;
    }
    String[] known = PARTS.get(name);
    if (known == null) {
      known = name.split("\\.");
      if (PARTS.size() < 10_000) {
        PARTS.put(name, known);
      }
    }
    return known;
  }

  private int field(String name) {
    return tape.field(node, FieldPath.of(name));
  }

  private BadRecordException wrong(String name, String expected, int found) {
    return new BadRecordException(
        name + ": expected " + expected + ", found " + tape.kindName(found));
  }

  @Override
  public Optional<String> text(String name) {
    int m = field(name);
    if (m < 0) {
      return Optional.empty();
    }
    if (tape.kind(m) != JsonTape.STRING) {
      throw wrong(name, "a string", m);
    }
    return Optional.of(tape.text(m));
  }

  @Override
  public List<String> texts(String name) {
    int m = field(name);
    if (m < 0) {
      return List.of();
    }
    if (tape.kind(m) != JsonTape.ARRAY) {
      throw wrong(name, "an array of strings", m);
    }
    List<String> out = new ArrayList<>(tape.childCount(m));
    for (int e = tape.firstChild(m); e >= 0; e = tape.nextSibling(e)) {
      if (tape.kind(e) != JsonTape.STRING) {
        throw wrong(name, "an array of strings", e);
      }
      out.add(tape.text(e));
    }
    return out;
  }

  @Override
  public Optional<JsonValue> value(String name) {
    int m = field(name);
    return m < 0 ? Optional.empty() : Optional.of(tape.value(m));
  }

  @Override
  public List<JsonRecord> records(String name) {
    int m = field(name);
    if (m < 0) {
      return List.of();
    }
    if (tape.kind(m) != JsonTape.ARRAY) {
      throw wrong(name, "an array of objects", m);
    }
    List<JsonRecord> out = new ArrayList<>(tape.childCount(m));
    for (int e = tape.firstChild(m); e >= 0; e = tape.nextSibling(e)) {
      if (tape.kind(e) != JsonTape.OBJECT) {
        throw wrong(name, "an array of objects", e);
      }
      out.add(new ScannedJsonRecord(logPath, tape, e));
    }
    return out;
  }

  @Override
  public OptionalLong count(String name) {
    int m = field(name);
    if (m < 0) {
      return OptionalLong.empty();
    }
    if (tape.kind(m) == JsonTape.NUMBER) {
      Optional<Long> n = new JsonNumber(tape.raw(m)).asLong(); // JsonZeekRecord's own test
      if (n.isPresent()) {
        return OptionalLong.of(n.get());
      }
    }
    throw wrong(name, "an integer", m);
  }

  @Override
  public Optional<Instant> time(String name) {
    int m = field(name);
    if (m < 0) {
      return Optional.empty();
    }
    return switch (tape.kind(m)) {
      case JsonTape.NUMBER -> Optional.of(ZeekRecord.epochSeconds(name, tape.raw(m)));
      case JsonTape.STRING -> {
        String s = tape.text(m);
        try {
          yield Optional.of(JsonZeekRecord.isoTime(s));
        } catch (DateTimeException e) {
          throw new BadRecordException(name + ": expected an ISO 8601 time, found '" + s + "'");
        }
      }
      default -> throw wrong(name, "a time", m);
    };
  }
}
