package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The members of one JSON object read strictly, for parsing a reply a program wrote: a required
 * member that is missing, or any member of the wrong JSON type, fails with an {@link
 * IllegalArgumentException} whose message names the member's path ({@code failures[2].id: missing},
 * {@code more: expected a boolean, found string}). Optional members may be absent or {@code null}.
 * Immutable.
 */
public final class JsonFields {
  private final JsonObject object;
  private final String path;

  private JsonFields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /**
   * Reads {@code value} as an object.
   *
   * @param path where the value sits, as messages name it; empty for a whole document
   * @throws IllegalArgumentException when the value is not an object
   */
  public static JsonFields of(JsonValue value, String path) {
    requireNonNull(value, "value");
    requireNonNull(path, "path");
    if (value instanceof JsonObject o) {
      return new JsonFields(o, path);
    }
    throw new IllegalArgumentException(
        (path.isEmpty() ? "" : path + ": ") + "expected an object, found " + value.kind());
  }

  /** The object itself. */
  public JsonObject json() {
    return object;
  }

  /** The full path of a member, as messages name it. */
  public String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** An error about a member whose value is present but not acceptable. */
  public IllegalArgumentException invalid(String name, String problem) {
    return new IllegalArgumentException(path(name) + ": " + problem);
  }

  /** A member of any kind. */
  public JsonValue value(String name) {
    return optionalValue(name).orElseThrow(() -> invalid(name, "missing"));
  }

  /** A member of any kind but null; empty when absent or null. */
  public Optional<JsonValue> optionalValue(String name) {
    return object.get(name).filter(v -> v != JsonNull.INSTANCE);
  }

  public String string(String name) {
    return text(name, value(name));
  }

  public Optional<String> optionalString(String name) {
    return optionalValue(name).map(v -> text(name, v));
  }

  /** An integer member (no fraction, no exponent) that fits a long. */
  public long integer(String name) {
    return whole(name, value(name));
  }

  public Optional<Long> optionalInteger(String name) {
    return optionalValue(name).map(v -> whole(name, v));
  }

  /** An integer member that fits an int. */
  public int intValue(String name) {
    return narrow(name, integer(name));
  }

  public Optional<Integer> optionalIntValue(String name) {
    return optionalInteger(name).map(n -> narrow(name, n));
  }

  private int narrow(String name, long n) {
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw invalid(name, "out of range: " + n);
    }
    return (int) n;
  }

  public JsonNumber number(String name) {
    return numeric(name, value(name));
  }

  public Optional<JsonNumber> optionalNumber(String name) {
    return optionalValue(name).map(v -> numeric(name, v));
  }

  public boolean bool(String name) {
    return truth(name, value(name));
  }

  public Optional<Boolean> optionalBool(String name) {
    return optionalValue(name).map(v -> truth(name, v));
  }

  public JsonFields object(String name) {
    return of(value(name), path(name));
  }

  public Optional<JsonFields> optionalObject(String name) {
    return optionalValue(name).map(v -> of(v, path(name)));
  }

  /** An array member's elements. */
  public List<JsonValue> array(String name) {
    return elements(name, value(name));
  }

  /** An array member's elements; empty when the member is absent or null. */
  public List<JsonValue> optionalArray(String name) {
    return optionalValue(name).map(v -> elements(name, v)).orElse(List.of());
  }

  /** An array of strings. */
  public List<String> strings(String name) {
    return texts(name, array(name));
  }

  /** An array of strings; empty when the member is absent or null. */
  public List<String> optionalStrings(String name) {
    return texts(name, optionalArray(name));
  }

  /** An array of objects, each read strictly. */
  public List<JsonFields> objects(String name) {
    return objectsOf(name, array(name));
  }

  /** An array of objects; empty when the member is absent or null. */
  public List<JsonFields> optionalObjects(String name) {
    return objectsOf(name, optionalArray(name));
  }

  private String text(String name, JsonValue v) {
    if (v instanceof JsonString s) {
      return s.value();
    }
    throw mistyped(name, "a string", v);
  }

  private long whole(String name, JsonValue v) {
    if (v instanceof JsonNumber n) {
      return n.asLong().orElseThrow(() -> invalid(name, "expected an integer, found " + n.text()));
    }
    throw mistyped(name, "an integer", v);
  }

  private JsonNumber numeric(String name, JsonValue v) {
    if (v instanceof JsonNumber n) {
      return n;
    }
    throw mistyped(name, "a number", v);
  }

  private boolean truth(String name, JsonValue v) {
    if (v instanceof JsonBoolean b) {
      return b.value();
    }
    throw mistyped(name, "a boolean", v);
  }

  private List<JsonValue> elements(String name, JsonValue v) {
    if (v instanceof JsonArray a) {
      return a.elements();
    }
    throw mistyped(name, "an array", v);
  }

  private List<String> texts(String name, List<JsonValue> elements) {
    List<String> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      if (!(elements.get(i) instanceof JsonString s)) {
        throw new IllegalArgumentException(
            path(name) + "[" + i + "]: expected a string, found " + elements.get(i).kind());
      }
      out.add(s.value());
    }
    return out;
  }

  private List<JsonFields> objectsOf(String name, List<JsonValue> elements) {
    List<JsonFields> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      out.add(of(elements.get(i), path(name) + "[" + i + "]"));
    }
    return out;
  }

  private IllegalArgumentException mistyped(String name, String expected, JsonValue found) {
    return invalid(name, "expected " + expected + ", found " + found.kind());
  }
}
