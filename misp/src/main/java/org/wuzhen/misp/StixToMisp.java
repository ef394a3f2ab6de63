package org.wuzhen.misp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.stix.Tlp;

/**
 * A collection's STIX objects (those the feed reader may see) as MISP events, the inverse of the
 * import: each report or grouping becomes the event with its uuid; the indicators, observed data
 * and {@code x-misp-*} objects it refers to become attributes (uuid kept) and objects; galaxy SDOs
 * it refers to become {@code misp-galaxy:} tags; labels become tags and TLP markings {@code tlp:}
 * tags; sightings and false-positive reports become sightings; revoked objects go out as {@code
 * deleted: true}. Indicators no report refers to go into one rolling event per day. An event's
 * {@code timestamp} is the newest {@code modified} of what it holds.
 */
final class StixToMisp {
  private static final Set<String> GALAXY_TYPES =
      Set.of(
          "threat-actor",
          "attack-pattern",
          "malware",
          "tool",
          "intrusion-set",
          "course-of-action",
          "campaign",
          "vulnerability");

  private final Map<String, JsonObject> byId = new LinkedHashMap<>();
  private final Map<String, List<JsonObject>> sightings = new HashMap<>();
  private final Map<String, List<JsonObject>> falsePositives = new HashMap<>();
  private final Map<String, String> indicatorOfObserved = new HashMap<>();
  private final String rollingName;

  /**
   * @param objects the latest versions the reader may see
   * @param rollingName names the rolling events' uuids and info (the collection)
   */
  StixToMisp(List<JsonObject> objects, String rollingName) {
    this.rollingName = rollingName;
    for (JsonObject o : objects) {
      String id = o.string("id").orElseThrow();
      byId.put(id, o);
      String type = type(o);
      if (type.equals("sighting")) {
        o.string("sighting_of_ref")
            .ifPresent(r -> sightings.computeIfAbsent(r, k -> new ArrayList<>()).add(o));
      } else if (type.equals("note")
          && o.strings("labels").contains(GovernanceStix.FALSE_POSITIVE_LABEL)) {
        for (String r : o.strings("object_refs")) {
          falsePositives.computeIfAbsent(r, k -> new ArrayList<>()).add(o);
        }
      } else if (type.equals("relationship")
          && o.string("relationship_type").orElse("").equals("based-on")) {
        indicatorOfObserved.put(
            o.string("target_ref").orElse(""), o.string("source_ref").orElse(""));
      }
    }
  }

  /** Every event, each as {@code {"Event": ...}}. */
  List<JsonObject> events() {
    List<JsonObject> events = new ArrayList<>();
    Set<String> inReport = new HashSet<>();
    for (JsonObject o : byId.values()) {
      String type = type(o);
      if (type.equals("report") || type.equals("grouping")) {
        List<String> refs = o.strings("object_refs");
        inReport.addAll(refs);
        events.add(event(o, refs));
      }
    }
    Map<String, List<String>> rolling = new LinkedHashMap<>();
    for (JsonObject o : byId.values()) {
      String id = o.string("id").orElseThrow();
      if (type(o).equals("indicator") && !inReport.contains(id)) {
        String day = modified(o).atZone(ZoneOffset.UTC).toLocalDate().toString();
        rolling.computeIfAbsent(day, d -> new ArrayList<>()).add(id);
      }
    }
    rolling.forEach(
        (day, ids) -> {
          String uuid =
              ScoIds.uuidV5(
                      EventParser.NAMESPACE,
                      ("rolling:" + rollingName + ":" + day).getBytes(StandardCharsets.UTF_8))
                  .toString();
          JsonObject report =
              JsonObject.builder()
                  .put("id", "grouping--" + uuid)
                  .put("type", "grouping")
                  .put("name", "Wuzhen " + rollingName + " indicators of " + day)
                  .put("created", day + "T00:00:00.000Z")
                  .put("modified", day + "T00:00:00.000Z")
                  .build();
          events.add(event(report, ids));
        });
    return events;
  }

  private JsonObject event(JsonObject report, List<String> refs) {
    String uuid = uuid(report.string("id").orElseThrow());
    Instant newest = modified(report);
    List<JsonValue> attributes = new ArrayList<>();
    List<JsonValue> objects = new ArrayList<>();
    List<String> eventTags = new ArrayList<>(tags(report));
    Set<String> done = new HashSet<>();
    for (String ref : refs) {
      JsonObject o = byId.get(ref);
      if (o == null || !done.add(ref)) {
        continue; // not readable by this reader, or already mapped
      }
      String type = type(o);
      switch (type) {
        case "indicator" -> {
          attributes.add(indicator(o));
          newest = max(newest, o);
        }
        case "observed-data" -> {
          if (!indicatorOfObserved.containsKey(ref)
              || !byId.containsKey(indicatorOfObserved.get(ref))) {
            observed(o).ifPresent(attributes::add);
            newest = max(newest, o);
          }
        }
        case "x-misp-attribute" -> {
          attributes.add(custom(o));
          newest = max(newest, o);
        }
        case "x-misp-object" -> {
          objects.add(mispObject(o));
          newest = max(newest, o);
        }
        default -> {
          if (GALAXY_TYPES.contains(type)) {
            eventTags.add(galaxyTag(o));
            newest = max(newest, o);
          }
        }
      }
      for (JsonObject s : sightings.getOrDefault(ref, List.of())) {
        newest = max(newest, s);
      }
      for (JsonObject s : falsePositives.getOrDefault(ref, List.of())) {
        newest = max(newest, s);
      }
    }
    String timestamp = Long.toString(newest.getEpochSecond());
    JsonObject.Builder e =
        JsonObject.builder()
            .put("uuid", uuid)
            .put("info", report.string("name").orElse("Wuzhen " + uuid))
            .put(
                "date",
                StixTimestamp.parse(report.string("created").orElseThrow())
                    .instant()
                    .atZone(ZoneOffset.UTC)
                    .toLocalDate()
                    .toString())
            .put("timestamp", timestamp)
            .put("published", type(report).equals("report"))
            .put("analysis", "2")
            .put("threat_level_id", "4")
            .put("distribution", "0")
            .put("Orgc", org(report))
            .put("Tag", tagList(eventTags))
            .put("Attribute", new JsonArray(attributes));
    if (!objects.isEmpty()) {
      e.put("Object", new JsonArray(objects));
    }
    return JsonObject.builder().put("Event", e.build()).build();
  }

  private JsonObject indicator(JsonObject o) {
    ReversePatterns.Typed typed = ReversePatterns.of(o.string("pattern").orElse(""));
    String type =
        labelled(o, "misp:type")
            .filter(t -> !typed.type().equals("stix2-pattern"))
            .orElse(typed.type());
    return attribute(o, type, typed.value(), true, o.string("description").orElse(""));
  }

  private Optional<JsonObject> observed(JsonObject o) {
    List<String> refs = o.strings("object_refs");
    if (refs.isEmpty() || !byId.containsKey(refs.getFirst())) {
      return Optional.empty();
    }
    JsonObject sco = byId.get(refs.getFirst());
    Optional<String> type = labelled(o, "misp:type");
    String value =
        sco.string("value")
            .or(() -> sco.string("key"))
            .or(() -> sco.string("name").filter(n -> sco.object("hashes").isEmpty()))
            .orElse("");
    if (type.isPresent()
        && type.get().contains("|")
        && refs.size() == 2
        && byId.containsKey(refs.get(1))) {
      value = value + "|" + byId.get(refs.get(1)).string("value").orElse("");
    } else if (sco.object("hashes").isPresent()) {
      JsonObject hashes = sco.object("hashes").get();
      String hash = hashes.size() > 0 && hashes.valueAt(0) instanceof JsonString s ? s.value() : "";
      value = sco.string("name").map(n -> n + "|" + hash).orElse(hash);
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(attribute(o, type.orElse("other"), value, false, ""));
  }

  private JsonObject custom(JsonObject o) {
    return attribute(
        o,
        o.string("x_misp_type").orElse("other"),
        o.string("x_misp_value").orElse(""),
        false,
        o.string("x_misp_comment").orElse(""));
  }

  private JsonObject attribute(
      JsonObject o, String type, String value, boolean toIds, String comment) {
    String id = o.string("id").orElseThrow();
    JsonObject.Builder a =
        JsonObject.builder()
            .put("uuid", uuid(id))
            .put("type", type)
            .put(
                "category",
                labelled(o, "misp:category").orElse(toIds ? "Network activity" : "Other"))
            .put("value", value)
            .put("to_ids", toIds)
            .put("timestamp", Long.toString(modified(o).getEpochSecond()))
            .put("comment", comment)
            .put("distribution", "5")
            .put("deleted", o.get("revoked").map(v -> v.toString().contains("true")).orElse(false));
    List<String> tags = tags(o);
    if (!tags.isEmpty()) {
      a.put("Tag", tagList(tags));
    }
    List<JsonValue> s = new ArrayList<>();
    for (JsonObject x : sightings.getOrDefault(id, List.of())) {
      s.add(
          sighting(
              x,
              "0",
              x.string("first_seen").orElse(x.string("created").orElseThrow()),
              x.string("description").orElse("")));
    }
    String observed =
        indicatorOfObserved.entrySet().stream()
            .filter(e -> e.getValue().equals(id))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse("");
    for (String target : List.of(id, observed)) {
      for (JsonObject x : falsePositives.getOrDefault(target, List.of())) {
        s.add(sighting(x, "1", x.string("created").orElseThrow(), x.string("content").orElse("")));
      }
    }
    if (!s.isEmpty()) {
      a.put("Sighting", new JsonArray(s));
    }
    return a.build();
  }

  private JsonObject sighting(JsonObject x, String type, String when, String source) {
    JsonObject.Builder b =
        JsonObject.builder()
            .put("uuid", uuid(x.string("id").orElseThrow()))
            .put("type", type)
            .put(
                "date_sighting",
                Long.toString(StixTimestamp.parse(when).instant().getEpochSecond()))
            .put("source", source);
    Optional<String> org =
        type.equals("0")
            ? x.strings("where_sighted_refs").stream().findFirst()
            : x.string(StixMapping.ORIGIN_REF).or(() -> x.string("created_by_ref"));
    org.ifPresent(
        o ->
            b.put(
                "Organisation",
                JsonObject.builder()
                    .put("uuid", uuid(o))
                    .put(
                        "name",
                        Optional.ofNullable(byId.get(o))
                            .flatMap(i -> i.string("name"))
                            .orElse(uuid(o)))
                    .build()));
    return b.build();
  }

  private JsonObject mispObject(JsonObject o) {
    List<JsonValue> attributes = new ArrayList<>();
    for (JsonValue v : o.array("x_misp_attributes").orElse(JsonArray.EMPTY).elements()) {
      if (v instanceof JsonObject a) {
        attributes.add(
            JsonObject.builder()
                .put("uuid", a.string("uuid").orElse(""))
                .put("type", a.string("type").orElse("text"))
                .put("object_relation", a.string("object_relation").orElse(""))
                .put("category", a.string("category").orElse("Other"))
                .put("value", a.string("value").orElse(""))
                .put(
                    "to_ids", a.get("to_ids").map(t -> t.toString().contains("true")).orElse(false))
                .put("timestamp", Long.toString(modified(o).getEpochSecond()))
                .put("distribution", "5")
                .build());
      }
    }
    return JsonObject.builder()
        .put("uuid", uuid(o.string("id").orElseThrow()))
        .put("name", o.string("x_misp_name").orElse("x-misp-object"))
        .put("meta-category", labelled(o, "misp:meta-category").orElse("misc"))
        .put("timestamp", Long.toString(modified(o).getEpochSecond()))
        .put("distribution", "5")
        .put("deleted", o.get("revoked").map(v -> v.toString().contains("true")).orElse(false))
        .put("Attribute", new JsonArray(attributes))
        .build();
  }

  private static String galaxyTag(JsonObject o) {
    String galaxy =
        labelled(o, "misp:galaxy-type")
            .orElse(
                switch (type(o)) {
                  case "attack-pattern" -> "mitre-attack-pattern";
                  case "intrusion-set" -> "mitre-intrusion-set";
                  case "course-of-action" -> "mitre-course-of-action";
                  default -> type(o);
                });
    return "misp-galaxy:" + galaxy + "=\"" + o.string("name").orElse("") + "\"";
  }

  private JsonObject org(JsonObject report) {
    String ref =
        report
            .string(StixMapping.ORIGIN_REF)
            .or(() -> report.string("created_by_ref"))
            .orElse("identity--" + EventParser.derived("wuzhen"));
    String name =
        Optional.ofNullable(byId.get(ref)).flatMap(i -> i.string("name")).orElse("Wuzhen");
    return JsonObject.builder().put("name", name).put("uuid", uuid(ref)).build();
  }

  /** Labels that are not misp-stix's own annotations, and the TLP marking as a tag. */
  static List<String> tags(JsonObject o) {
    List<String> tags = new ArrayList<>();
    for (String l : o.strings("labels")) {
      if (!l.startsWith("misp:")) {
        tags.add(l);
      }
    }
    Tlp.strictestOf(o.strings("object_marking_refs"))
        .ifPresent(t -> tags.add("tlp:" + t.tlp2Value()));
    return tags;
  }

  private static JsonArray tagList(List<String> names) {
    List<JsonValue> tags = new ArrayList<>();
    for (String n : new java.util.LinkedHashSet<>(names)) {
      tags.add(JsonObject.builder().put("name", n).put("exportable", true).build());
    }
    return new JsonArray(tags);
  }

  /** The value of a {@code name="value"} label, as misp-stix writes them. */
  private static Optional<String> labelled(JsonObject o, String name) {
    for (String l : o.strings("labels")) {
      if (l.startsWith(name + "=\"") && l.endsWith("\"")) {
        return Optional.of(l.substring(name.length() + 2, l.length() - 1));
      }
    }
    return Optional.empty();
  }

  private static Instant max(Instant a, JsonObject o) {
    Instant b = modified(o);
    return b.isAfter(a) ? b : a;
  }

  static Instant modified(JsonObject o) {
    return StixTimestamp.parse(o.string("modified").or(() -> o.string("created")).orElseThrow())
        .instant();
  }

  private static String type(JsonObject o) {
    return o.string("type").orElse("");
  }

  private static String uuid(String id) {
    return id.substring(id.indexOf("--") + 2);
  }
}
