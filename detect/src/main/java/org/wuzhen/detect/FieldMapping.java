package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoCatalog;

/**
 * How generic JSON lines become observables: which field holds the time and in what format, which
 * fields fill which properties of which cyber-observable objects, and optionally which fields make
 * the connection (network-traffic with its two addresses). Read from a small JSON file; see
 * docs/detection.md for the format. Immutable.
 *
 * @param timeField the event field with the time (dotted names walk nested objects)
 * @param timeFormat how it is written
 * @param objects the observables each line may give
 * @param connection the connection fields, when the lines describe connections
 */
public record FieldMapping(
    String timeField,
    TimeFormat timeFormat,
    List<ObjectRule> objects,
    Optional<Connection> connection) {

  /** How the time field is written. */
  public enum TimeFormat {
    ISO8601("iso8601"),
    EPOCH_SECONDS("epoch-seconds"),
    EPOCH_MILLIS("epoch-millis");

    private final String text;

    TimeFormat(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * One observable: its type ({@code ip-addr} means ipv4-addr or ipv6-addr, whichever the value is)
   * and its properties, each a property path of that type (as in patterns: {@code
   * hashes.'SHA-256'}) filled from an event field.
   */
  public record ObjectRule(String type, List<PropertyRule> properties) {
    public ObjectRule {
      requireNonNull(type, "type");
      properties = List.copyOf(properties);
    }
  }

  /** A property path (its segments, quotes removed) and the event field that fills it. */
  public record PropertyRule(List<String> path, String field) {
    public PropertyRule {
      path = List.copyOf(path);
      requireNonNull(field, "field");
    }
  }

  /** The fields of a connection; addresses are required, the rest optional. */
  public record Connection(
      String src,
      String dst,
      Optional<String> srcPort,
      Optional<String> dstPort,
      Optional<String> protocol) {
    public Connection {
      requireNonNull(src, "src");
      requireNonNull(dst, "dst");
      requireNonNull(srcPort, "srcPort");
      requireNonNull(dstPort, "dstPort");
      requireNonNull(protocol, "protocol");
    }
  }

  public FieldMapping {
    requireNonNull(timeField, "timeField");
    requireNonNull(timeFormat, "timeFormat");
    objects = List.copyOf(objects);
    requireNonNull(connection, "connection");
    if (objects.isEmpty() && connection.isEmpty()) {
      throw new IllegalArgumentException("a mapping needs objects or a connection");
    }
  }

  /** A bad mapping file: the message names the member and what was wrong. */
  public static final class MappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MappingException(String message) {
      super(message);
    }
  }

  /**
   * Parses a mapping file's text.
   *
   * @throws MappingException naming the member that is wrong, e.g. {@code objects[1].type: 'ipv4'
   *     is not a cyber-observable type}
   */
  public static FieldMapping parse(String text) {
    JsonValue root;
    try {
      root = Json.parse(text);
    } catch (JsonSyntaxException e) {
      throw new MappingException("not valid JSON: " + e.getMessage());
    }
    JsonObject o = object(root, "the mapping");
    known(o, "", "time", "objects", "connection");
    JsonObject time = object(o.get("time").orElseThrow(() -> missing("time")), "time");
    known(time, "time.", "field", "format");
    String timeField = string(time, "time.", "field");
    String format = string(time, "time.", "format");
    TimeFormat timeFormat = null;
    for (TimeFormat f : TimeFormat.values()) {
      if (f.text().equals(format)) {
        timeFormat = f;
      }
    }
    if (timeFormat == null) {
      throw new MappingException(
          "time.format: '" + format + "' is not one of iso8601, epoch-seconds, epoch-millis");
    }
    List<ObjectRule> rules = new ArrayList<>();
    Optional<JsonValue> objects = o.get("objects");
    if (objects.isPresent()) {
      if (!(objects.get() instanceof org.wuzhen.stix.JsonArray a)) {
        throw new MappingException("objects: expected an array");
      }
      for (int i = 0; i < a.size(); i++) {
        rules.add(objectRule(a.get(i), "objects[" + i + "]."));
      }
    }
    Optional<Connection> connection = Optional.empty();
    if (o.get("connection").isPresent()) {
      JsonObject c = object(o.get("connection").get(), "connection");
      known(c, "connection.", "src", "dst", "src_port", "dst_port", "protocol");
      connection =
          Optional.of(
              new Connection(
                  string(c, "connection.", "src"),
                  string(c, "connection.", "dst"),
                  optionalString(c, "connection.", "src_port"),
                  optionalString(c, "connection.", "dst_port"),
                  optionalString(c, "connection.", "protocol")));
    }
    if (rules.isEmpty() && connection.isEmpty()) {
      throw new MappingException("the mapping needs 'objects' or 'connection'");
    }
    return new FieldMapping(timeField, timeFormat, rules, connection);
  }

  private static ObjectRule objectRule(JsonValue value, String where) {
    JsonObject o = object(value, where.substring(0, where.length() - 1));
    known(o, where, "type", "properties");
    String type = string(o, where, "type");
    Optional<ScoCatalog.ScoType> sco =
        type.equals("ip-addr") ? ScoCatalog.get("ipv4-addr") : ScoCatalog.get(type);
    if (sco.isEmpty()) {
      throw new MappingException(
          where + "type: '" + type + "' is not a cyber-observable type (nor ip-addr)");
    }
    JsonObject props =
        object(
            o.get("properties").orElseThrow(() -> missing(where + "properties")),
            where + "properties");
    if (props.isEmpty()) {
      throw new MappingException(where + "properties: at least one property is needed");
    }
    List<PropertyRule> rules = new ArrayList<>();
    for (int i = 0; i < props.size(); i++) {
      String path = props.nameAt(i);
      if (!(props.valueAt(i) instanceof JsonString field) || field.value().isEmpty()) {
        throw new MappingException(where + "properties." + path + ": expected a field name");
      }
      List<String> segments = segments(path, where + "properties." + path);
      if (segments.getFirst().equals("id") || segments.getFirst().equals("type")) {
        throw new MappingException(
            where + "properties." + path + ": type and id are set by Wuzhen, not mapped");
      }
      rules.add(new PropertyRule(segments, field.value()));
    }
    return new ObjectRule(type, rules);
  }

  /** {@code hashes.'SHA-256'} → [hashes, SHA-256]. */
  static List<String> segments(String path, String where) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      String segment;
      if (path.charAt(i) == '\'') {
        int end = path.indexOf('\'', i + 1);
        if (end < 0) {
          throw new MappingException(where + ": unclosed quote");
        }
        segment = path.substring(i + 1, end);
        i = end + 1;
      } else {
        int end = path.indexOf('.', i);
        end = end < 0 ? path.length() : end;
        segment = path.substring(i, end);
        i = end;
      }
      if (segment.isEmpty()) {
        throw new MappingException(where + ": empty path segment");
      }
      out.add(segment);
      if (i < path.length()) {
        if (path.charAt(i) != '.' || i == path.length() - 1) {
          throw new MappingException(where + ": expected '.' between segments");
        }
        i++;
      }
    }
    if (out.isEmpty()) {
      throw new MappingException(where + ": empty property path");
    }
    return out;
  }

  private static JsonObject object(JsonValue v, String where) {
    if (!(v instanceof JsonObject o)) {
      throw new MappingException(where + ": expected an object");
    }
    return o;
  }

  private static void known(JsonObject o, String where, String... names) {
    List<String> allowed = List.of(names);
    for (int i = 0; i < o.size(); i++) {
      if (!allowed.contains(o.nameAt(i))) {
        throw new MappingException(
            where
                + o.nameAt(i)
                + ": unknown member (expected one of "
                + String.join(", ", names)
                + ")");
      }
    }
  }

  private static String string(JsonObject o, String where, String name) {
    return optionalString(o, where, name).orElseThrow(() -> missing(where + name));
  }

  private static Optional<String> optionalString(JsonObject o, String where, String name) {
    Optional<JsonValue> v = o.get(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!(v.get() instanceof JsonString s) || s.value().isEmpty()) {
      throw new MappingException(where + name + ": expected a non-empty string");
    }
    return Optional.of(s.value());
  }

  private static MappingException missing(String where) {
    return new MappingException(where + ": required");
  }
}
