package org.wuzhen.misp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The files of one MISP feed as a MISP instance reads them (misp-rfc "Manifest", PyMISP's {@code
 * to_feed}): {@code manifest.json} (event uuid to info, Orgc, analysis, timestamp, date,
 * threat_level_id, Tag), one {@code <uuid>.json} per event, and {@code hashes.csv} ({@code
 * md5(value),<event uuid>} per attribute value, {@code |}-combined values split). Each file has a
 * strong ETag, the SHA-256 of its bytes. Immutable.
 */
public final class FeedFiles {
  /** A file and its ETag. */
  public record File(byte[] bytes, String etag) {}

  private final Map<String, File> files;
  private final Map<String, File> fullEvents;

  private FeedFiles(Map<String, File> files, Map<String, File> fullEvents) {
    this.files = Map.copyOf(files);
    this.fullEvents = Map.copyOf(fullEvents);
  }

  /**
   * The feed of these events (each {@code {"Event": ...}}). Feed files follow PyMISP's {@code
   * schema.json}, which has no sightings and no objects: sightings stay out of them and the
   * attributes of objects are listed among the event's attributes. The full events (sightings and
   * objects included) are kept for {@link #fullEvent}.
   */
  static FeedFiles of(List<JsonObject> events) {
    Map<String, File> files = new HashMap<>();
    Map<String, File> full = new HashMap<>();
    JsonObject.Builder manifest = JsonObject.builder();
    StringBuilder hashes = new StringBuilder();
    for (JsonObject wrapped : events) {
      JsonObject e = wrapped.object("Event").orElseThrow();
      String uuid = e.string("uuid").orElseThrow();
      full.put(uuid, file(Json.writeBytes(wrapped, false)));
      files.put(uuid + ".json", file(Json.writeBytes(feedProfile(e), false)));
      JsonObject.Builder entry = JsonObject.builder();
      for (String key :
          List.of("info", "Orgc", "analysis", "timestamp", "date", "threat_level_id", "Tag")) {
        e.get(key).ifPresent(v -> entry.put(key, v));
      }
      manifest.put(uuid, entry.build());
      hashes.append(hashes(e));
    }
    files.put("manifest.json", file(Json.writeBytes(manifest.build(), false)));
    files.put("hashes.csv", file(hashes.toString().getBytes(StandardCharsets.UTF_8)));
    return new FeedFiles(files, full);
  }

  /** The members schema.json allows on a feed attribute. */
  private static final List<String> FEED_ATTRIBUTE =
      List.of(
          "uuid",
          "type",
          "category",
          "value",
          "to_ids",
          "timestamp",
          "comment",
          "distribution",
          "deleted",
          "Tag");

  private static JsonObject feedProfile(JsonObject e) {
    List<JsonValue> attributes = new java.util.ArrayList<>();
    for (JsonValue v : e.array("Attribute").orElse(JsonArray.EMPTY).elements()) {
      attributes.add(only((JsonObject) v));
    }
    for (JsonValue o : e.array("Object").orElse(JsonArray.EMPTY).elements()) {
      for (JsonValue v : ((JsonObject) o).array("Attribute").orElse(JsonArray.EMPTY).elements()) {
        attributes.add(only((JsonObject) v));
      }
    }
    JsonObject event = e.without("Object").with("Attribute", new JsonArray(attributes));
    return JsonObject.builder().put("Event", event).build();
  }

  private static JsonObject only(JsonObject a) {
    JsonObject.Builder b = JsonObject.builder();
    for (String k : FEED_ATTRIBUTE) {
      a.get(k).ifPresent(v -> b.put(k, v));
    }
    return b.build();
  }

  /** One event in MISP's full JSON (sightings and objects included), by uuid. */
  public Optional<File> fullEvent(String uuid) {
    return Optional.ofNullable(fullEvents.get(uuid));
  }

  /** The {@code hashes.csv} lines of one event (its attributes and its objects' attributes). */
  static String hashes(JsonObject e) {
    StringBuilder hashes = new StringBuilder();
    String uuid = e.string("uuid").orElseThrow();
    for (JsonValue v : e.array("Attribute").orElse(JsonArray.EMPTY).elements()) {
      hashLines(v, uuid, hashes);
    }
    for (JsonValue o : e.array("Object").orElse(JsonArray.EMPTY).elements()) {
      if (o instanceof JsonObject obj) {
        for (JsonValue v : obj.array("Attribute").orElse(JsonArray.EMPTY).elements()) {
          hashLines(v, uuid, hashes);
        }
      }
    }
    return hashes.toString();
  }

  private static void hashLines(JsonValue v, String eventUuid, StringBuilder out) {
    if (!(v instanceof JsonObject a)
        || a.get("deleted").map(d -> d.toString().contains("true")).orElse(false)) {
      return;
    }
    for (String part : a.string("value").orElse("").split("\\|")) {
      if (!part.isEmpty()) {
        out.append(hex("MD5", part.getBytes(StandardCharsets.UTF_8)))
            .append(',')
            .append(eventUuid)
            .append('\n');
      }
    }
  }

  /** A file by name: {@code manifest.json}, {@code hashes.csv} or {@code <uuid>.json}. */
  public Optional<File> file(String name) {
    return Optional.ofNullable(files.get(name));
  }

  /** Every file by name, for writing a feed to a directory. */
  public Map<String, File> all() {
    return new LinkedHashMap<>(files);
  }

  private static File file(byte[] bytes) {
    return new File(bytes, "\"" + hex("SHA-256", bytes).substring(0, 32) + "\"");
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
