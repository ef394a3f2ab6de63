package org.wuzhen.stix.validate;

import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixId;

/**
 * Checks one property value against its {@link PropertySpec}: JSON type, timestamp and identifier
 * syntax, reference targets, ranges, vocabularies, hashes and the absence of nulls. Paths are built
 * only when something is reported.
 */
final class ValueChecks {
  private final Findings findings;
  private final HashChecks hashChecks;

  ValueChecks(Findings findings) {
    this.findings = findings;
    this.hashChecks = new HashChecks(findings, this);
  }

  /**
   * Checks the simple shapes; structured ones (external references, kill chain phases, granular
   * markings, extensions) only get their list or object shape checked here.
   *
   * @return true when the value has the expected JSON shape, so callers may look inside
   */
  boolean check(PropertySpec spec, JsonValue v, Path object) {
    String name = spec.name();
    switch (spec.shape()) {
      case CORE -> {
        return true;
      }
      case STRING -> {
        if (!(v instanceof JsonString s)) {
          return wrongType(object, name, "a string", v);
        }
        if (spec.vocabulary() != null) {
          vocabulary(spec.vocabulary(), s.value(), object, name);
        }
        return true;
      }
      case BOOLEAN -> {
        return v instanceof JsonBoolean || wrongType(object, name, "a boolean", v);
      }
      case INTEGER, FLOAT -> {
        return number(spec, v, object);
      }
      case TIMESTAMP -> {
        return timestamp(v, object, name);
      }
      case REF -> {
        if (!(v instanceof JsonString s)) {
          return wrongType(object, name, "an identifier string", v);
        }
        return reference(spec, s.value(), object, name, -1);
      }
      case REF_LIST -> {
        if (!nonEmptyList(v, object, name)) {
          return false;
        }
        JsonArray a = (JsonArray) v;
        boolean ok = true;
        for (int i = 0; i < a.size(); i++) {
          if (a.get(i) instanceof JsonString s) {
            ok &= reference(spec, s.value(), object, name, i);
          } else {
            ok = elementWrongType(object, name, i, "an identifier string", a.get(i));
          }
        }
        return ok;
      }
      case STRING_LIST -> {
        if (!nonEmptyList(v, object, name)) {
          return false;
        }
        JsonArray a = (JsonArray) v;
        boolean ok = true;
        for (int i = 0; i < a.size(); i++) {
          if (a.get(i) instanceof JsonString s) {
            if (spec.vocabulary() != null) {
              vocabularyElement(spec.vocabulary(), s.value(), object, name, i);
            }
          } else {
            ok = elementWrongType(object, name, i, "a string", a.get(i));
          }
        }
        return ok;
      }
      case HASHES -> {
        if (!(v instanceof JsonObject h)) {
          return wrongType(object, name, "a hashes dictionary", v);
        }
        noNulls(h, object, name);
        hashes(h, object.child(name));
        return true;
      }
      case DICTIONARY, OBJECT, EXTENSIONS -> {
        if (!(v instanceof JsonObject)) {
          return wrongType(object, name, "an object", v);
        }
        noNulls(v, object, name);
        return true;
      }
      case OBJECT_LIST, EXTERNAL_REFERENCES, KILL_CHAIN_PHASES, GRANULAR_MARKINGS -> {
        if (!nonEmptyList(v, object, name)) {
          return false;
        }
        JsonArray a = (JsonArray) v;
        boolean ok = true;
        for (int i = 0; i < a.size(); i++) {
          if (a.get(i) instanceof JsonObject element) {
            if (NullWalk.contains(element)) {
              NullWalk.report(findings, element, object.child(name).index(i));
            }
          } else {
            ok = elementWrongType(object, name, i, "an object", a.get(i));
          }
        }
        return ok;
      }
      case BINARY -> {
        if (!(v instanceof JsonString s)) {
          return wrongType(object, name, "a base64 string", v);
        }
        if (!Syntax.isBase64(s.value())) {
          // binary.json requires RFC 4648 base64, but the OASIS SCO examples carry truncated
          // placeholders ("...== ...") and stix2 decodes leniently, so this stays a warning.
          findings.warn(object, name, "binary-value", "expected padded RFC 4648 base64 text");
        }
        return true;
      }
      case HEX -> {
        if (!(v instanceof JsonString s)) {
          return wrongType(object, name, "a hex string", v);
        }
        if (!Syntax.isHex(s.value())) {
          findings.error(
              object,
              name,
              "value-type",
              "'" + s.value() + "' is not an even number of hex digits");
          return false;
        }
        return true;
      }
    }
    throw new AssertionError(spec.shape());
  }

  /** Reports a timestamp that is not a string or not valid. */
  boolean timestamp(JsonValue v, Path object, String name) {
    if (!(v instanceof JsonString s)) {
      return wrongType(object, name, "a timestamp string", v);
    }
    String problem = Syntax.timestampProblem(s.value());
    if (problem != null) {
      findings.error(object, name, "timestamp", problem);
      return false;
    }
    return true;
  }

  private boolean number(PropertySpec spec, JsonValue v, Path object) {
    String name = spec.name();
    boolean integer = spec.shape() == PropertySpec.Shape.INTEGER;
    if (!(v instanceof JsonNumber n)) {
      return wrongType(object, name, integer ? "an integer" : "a number", v);
    }
    if (integer && !n.isIntegerText()) {
      findings.error(
          object,
          name,
          "value-type",
          "expected an integer written without fraction or exponent, found " + n.text());
      return false;
    }
    double d = n.asDouble();
    if (d < spec.min() || d > spec.max()) {
      findings.error(
          object,
          name,
          "range",
          n.text() + " is not within " + bound(spec.min()) + ".." + bound(spec.max()));
      return false;
    }
    return true;
  }

  private static String bound(double b) {
    if (Double.isInfinite(b)) {
      return "";
    }
    return b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
  }

  private boolean reference(PropertySpec spec, String id, Path object, String name, int index) {
    String problem = Syntax.idProblem(id);
    if (problem != null) {
      findings.error(at(object, name, index), "ref-format", problem);
      return false;
    }
    Optional<String> upperCase = StixId.caseProblem(id);
    if (upperCase.isPresent()) {
      findings.error(at(object, name, index), "id-case", upperCase.get());
      return false;
    }
    String type = Syntax.idType(id);
    if (!spec.allowsTarget(type)) {
      findings.error(
          at(object, name, index),
          "ref-type",
          "'" + id + "' points at " + type + ", expected " + spec.describeTarget());
      return false;
    }
    return true;
  }

  /** A hashes dictionary (§2.7), see {@link HashChecks}. */
  void hashes(JsonObject h, Path at) {
    hashChecks.check(h, at);
  }

  void vocabulary(Vocabulary vocabulary, String value, Path object, String name) {
    if (!vocabulary.contains(value)) {
      reportVocabulary(vocabulary, value, object.child(name));
    }
  }

  private void vocabularyElement(
      Vocabulary vocabulary, String value, Path object, String name, int index) {
    if (!vocabulary.contains(value)) {
      reportVocabulary(vocabulary, value, object.child(name).index(index));
    }
  }

  private void reportVocabulary(Vocabulary vocabulary, String value, Path at) {
    String message = "'" + value + "' is not in " + vocabulary.name();
    if (vocabulary.closed()) {
      findings.error(at, "enum", message + " " + vocabulary.values().stream().sorted().toList());
    } else {
      findings.warn(at, "vocabulary", message);
    }
  }

  boolean nonEmptyList(JsonValue v, Path object, String name) {
    if (!(v instanceof JsonArray a)) {
      return wrongType(object, name, "a list", v);
    }
    if (a.size() == 0) {
      findings.error(
          object, name, "empty-list", "lists must not be empty (§2.8); omit the property");
      return false;
    }
    return true;
  }

  boolean wrongType(Path object, String name, String expected, JsonValue found) {
    return wrongTypeAt(object.child(name), expected, found);
  }

  /**
   * Like {@link #wrongType} but silent for null, for members nested in structures whose nulls the
   * null walk has already reported.
   */
  void wrongNestedType(Path object, String name, String expected, JsonValue found) {
    if (found != JsonNull.INSTANCE) {
      wrongType(object, name, expected, found);
    }
  }

  boolean wrongTypeAt(Path at, String expected, JsonValue found) {
    if (found == JsonNull.INSTANCE) {
      findings.error(at, "null-value", "null is not allowed; omit the property instead");
    } else {
      findings.error(at, "value-type", "expected " + expected + ", found " + describe(found));
    }
    return false;
  }

  private boolean elementWrongType(
      Path object, String name, int index, String expected, JsonValue found) {
    return wrongTypeAt(object.child(name).index(index), expected, found);
  }

  /** Reports every null nested anywhere in the value of member {@code name}. */
  void noNulls(JsonValue v, Path object, String name) {
    if (NullWalk.contains(v)) {
      NullWalk.report(findings, v, object.child(name));
    }
  }

  /** Reports every null nested anywhere in {@code v}, which sits at {@code at}. */
  void noNullsAt(JsonValue v, Path at) {
    if (NullWalk.contains(v)) {
      NullWalk.report(findings, v, at);
    }
  }

  static String describe(JsonValue v) {
    return switch (v) {
      case JsonString s -> "string '" + abbreviate(s.value()) + "'";
      case JsonNumber n -> "number " + n.text();
      case JsonBoolean b -> "boolean " + b.value();
      case JsonNull n -> "null";
      case JsonObject o -> "an object";
      case JsonArray a -> "a list";
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static Path at(Path object, String name, int index) {
    Path p = object.child(name);
    return index < 0 ? p : p.index(index);
  }
}
