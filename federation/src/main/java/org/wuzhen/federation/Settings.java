package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

/**
 * One mapping of settings read from the node's YAML (as JSON values), with the full name of where
 * it sits, so every error names the setting. Unknown keys are refused: a misspelt rule must not
 * silently leave a policy looser than written.
 */
record Settings(JsonObject values, String at) {
  Settings {
    requireNonNull(values, "values");
    requireNonNull(at, "at");
  }

  static Settings of(JsonValue value, String at) {
    if (value instanceof JsonObject o) {
      return new Settings(o, at);
    }
    throw new SettingException(at, "expected a mapping, found " + value.kind());
  }

  String name(String key) {
    return at.isEmpty() ? key : at + "." + key;
  }

  void allowOnly(Set<String> known) {
    for (String key : values.names()) {
      if (!known.contains(key)) {
        throw new SettingException(
            name(key),
            "unknown setting (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  boolean has(String key) {
    return values.has(key);
  }

  Optional<String> string(String key) {
    return values
        .get(key)
        .map(
            v ->
                switch (v) {
                  case JsonString s -> s.value();
                  case JsonNumber n -> n.text();
                  case JsonBoolean b -> Boolean.toString(b.value());
                  default ->
                      throw new SettingException(
                          name(key), "expected a single value, found " + v.kind());
                });
  }

  String required(String key) {
    String value = string(key).orElseThrow(() -> new SettingException(name(key), "missing"));
    if (value.isBlank()) {
      throw new SettingException(name(key), "must not be empty");
    }
    return value.strip();
  }

  Optional<List<String>> strings(String key) {
    Optional<JsonValue> value = values.get(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof JsonArray array)) {
      throw new SettingException(name(key), "expected a list, found " + value.get().kind());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString s) || s.value().isBlank()) {
        throw new SettingException(name(key) + "[" + i + "]", "expected a non-empty string");
      }
      out.add(s.value().strip());
    }
    return Optional.of(out);
  }

  Optional<Boolean> bool(String key) {
    return string(key)
        .map(
            text ->
                switch (text) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw new SettingException(
                          name(key), "expected true or false, found '" + text + "'");
                });
  }

  Optional<Long> integer(String key, long min, long max) {
    return string(key)
        .map(
            text -> {
              long value;
              try {
                value = Long.parseLong(text.strip());
              } catch (NumberFormatException e) {
                throw new SettingException(name(key), "expected an integer, found '" + text + "'");
              }
              if (value < min || value > max) {
                throw new SettingException(name(key), value + " is outside " + min + ".." + max);
              }
              return value;
            });
  }

  Optional<Tlp> tlp(String key) {
    return string(key)
        .map(
            text ->
                Tlp.parse(text)
                    .orElseThrow(
                        () ->
                            new SettingException(
                                name(key),
                                "expected clear, white, green, amber, amber+strict or red, found '"
                                    + text
                                    + "'")));
  }

  Optional<Set<CollectionId>> collections(String key) {
    return strings(key)
        .map(
            list -> {
              List<CollectionId> ids = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                try {
                  ids.add(CollectionId.parse(list.get(i)));
                } catch (IllegalArgumentException e) {
                  throw new SettingException(name(key) + "[" + i + "]", e.getMessage());
                }
              }
              return Set.copyOf(ids);
            });
  }

  Optional<Settings> nested(String key) {
    return values.get(key).map(v -> of(v, name(key)));
  }
}
