package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable JSON object whose members keep their order. Names are unique (the reader refuses
 * duplicates). Equality is order-sensitive, so two equal objects serialize to the same text.
 *
 * <p>Lookups scan the names: STIX objects have few members and a scan over a small array beats
 * hashing there.
 */
public final class JsonObject implements JsonValue {
  public static final JsonObject EMPTY = new JsonObject(new String[0], new JsonValue[0]);

  private final String[] names;
  private final JsonValue[] values;

  private JsonObject(String[] names, JsonValue[] values) {
    this.names = names;
    this.values = values;
  }

  /** Trusted constructor for the reader, which has already checked names for duplicates. */
  static JsonObject ofTrusted(String[] names, JsonValue[] values) {
    return new JsonObject(names, values);
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The member names, in order. */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  public String nameAt(int index) {
    return names[index];
  }

  public JsonValue valueAt(int index) {
    return values[index];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  public Optional<JsonValue> get(String name) {
    int i = indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(values[i]);
  }

  /** The member when present and a string, else empty. */
  public Optional<String> string(String name) {
    int i = indexOf(name);
    return i >= 0 && values[i] instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  /** The member when present and an object, else empty. */
  public Optional<JsonObject> object(String name) {
    int i = indexOf(name);
    return i >= 0 && values[i] instanceof JsonObject o ? Optional.of(o) : Optional.empty();
  }

  /** The member when present and an array, else empty. */
  public Optional<JsonArray> array(String name) {
    int i = indexOf(name);
    return i >= 0 && values[i] instanceof JsonArray a ? Optional.of(a) : Optional.empty();
  }

  /** The string elements of an array member; non-string elements are skipped. */
  public List<String> strings(String name) {
    Optional<JsonArray> array = array(name);
    if (array.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(array.get().size());
    for (JsonValue v : array.get().elements()) {
      if (v instanceof JsonString s) {
        out.add(s.value());
      }
    }
    return out;
  }

  /** A copy with one member set: replaced in place when present, appended otherwise. */
  public JsonObject with(String name, JsonValue value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    int i = indexOf(name);
    if (i >= 0) {
      JsonValue[] v = values.clone();
      v[i] = value;
      return new JsonObject(names, v);
    }
    String[] n = Arrays.copyOf(names, names.length + 1);
    JsonValue[] v = Arrays.copyOf(values, values.length + 1);
    n[names.length] = name;
    v[values.length] = value;
    return new JsonObject(n, v);
  }

  /** A copy without the named member. */
  public JsonObject without(String name) {
    int i = indexOf(name);
    if (i < 0) {
      return this;
    }
    String[] n = new String[names.length - 1];
    JsonValue[] v = new JsonValue[values.length - 1];
    System.arraycopy(names, 0, n, 0, i);
    System.arraycopy(values, 0, v, 0, i);
    System.arraycopy(names, i + 1, n, i, names.length - i - 1);
    System.arraycopy(values, i + 1, v, i, values.length - i - 1);
    return new JsonObject(n, v);
  }

  private int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String kind() {
    return "object";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonObject o
        && Arrays.equals(names, o.names)
        && Arrays.equals(values, o.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Json.write(this);
  }

  /** Builds an object member by member; a repeated name replaces the earlier value in place. */
  public static final class Builder {
    // Plain arrays rather than lists: telemetry readers build several small objects per event.
    private String[] names = new String[4];
    private JsonValue[] values = new JsonValue[4];
    private int size;

    private Builder() {}

    public Builder put(String name, JsonValue value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          values[i] = value;
          return this;
        }
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size] = value;
      size++;
      return this;
    }

    public Builder put(String name, String value) {
      return put(name, new JsonString(value));
    }

    public Builder put(String name, long value) {
      return put(name, JsonNumber.of(value));
    }

    public Builder put(String name, boolean value) {
      return put(name, JsonBoolean.of(value));
    }

    public JsonObject build() {
      return new JsonObject(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
    }
  }
}
