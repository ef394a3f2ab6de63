package org.wuzhen.misp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.misp.MispModel.Analysis;
import org.wuzhen.misp.MispModel.Attribute;
import org.wuzhen.misp.MispModel.Cluster;
import org.wuzhen.misp.MispModel.Event;
import org.wuzhen.misp.MispModel.MispObject;
import org.wuzhen.misp.MispModel.Org;
import org.wuzhen.misp.MispModel.Reference;
import org.wuzhen.misp.MispModel.Sighting;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;

/**
 * Reads one MISP event leniently: what real exports get wrong in harmless ways (booleans and
 * numbers as strings, empty galaxy-cluster uuids, a lower-case {@code orgc}, upper-case uuids, a
 * missing attribute timestamp) is repaired and each repair recorded with its JSON path; what cannot
 * be repaired (no event uuid, an attribute without type or value) refuses the whole event. Confined
 * to one thread, one event.
 */
final class EventParser {
  /** Namespace of the uuids Wuzhen derives for MISP elements that have none (documented). */
  static final UUID NAMESPACE = UUID.fromString("7c0c6b1e-5d1c-4b8a-9a3e-6d1f0b6c2e4a");

  private final List<Repair> repairs;

  EventParser(List<Repair> repairs) {
    this.repairs = repairs;
  }

  Event event(JsonObject e, String at) {
    String uuid = uuid(e, "uuid", at).orElseThrow(() -> missing(at, "uuid"));
    Instant timestamp =
        epoch(e, "timestamp", at).or(() -> date(e, at)).orElseThrow(() -> missing(at, "timestamp"));
    String info = text(e, "info", at).orElse("");
    if (info.isEmpty()) {
      repair(at + ".info", "missing or empty; the event's uuid stands in");
      info = "MISP event " + uuid;
    }
    Org orgc = org(e, at, uuid);
    List<String> tags = tags(e, at);
    List<Attribute> attributes = new ArrayList<>();
    JsonArray list = array(e, "Attribute", at);
    for (int i = 0; i < list.size(); i++) {
      attributes.add(attribute(list.get(i), at + ".Attribute[" + i + "]", timestamp));
    }
    List<MispObject> objects = new ArrayList<>();
    JsonArray objs = array(e, "Object", at);
    for (int i = 0; i < objs.size(); i++) {
      objects.add(object(objs.get(i), at + ".Object[" + i + "]", timestamp));
    }
    return new Event(
        uuid,
        info,
        timestamp,
        bool(e, "published", at).orElse(false),
        epoch(e, "publish_timestamp", at).filter(t -> t.getEpochSecond() > 0),
        orgc,
        tags,
        attributes,
        objects,
        galaxies(e, at),
        analyses(e, at, timestamp));
  }

  private Org org(JsonObject e, String at, String eventUuid) {
    Optional<JsonObject> o = e.object("Orgc");
    String path = at + ".Orgc";
    if (o.isEmpty() && e.object("orgc").isPresent()) {
      o = e.object("orgc");
      repair(at + ".orgc", "lower-case member name read as Orgc");
    }
    if (o.isEmpty()) {
      o = e.object("Org");
      if (o.isPresent()) {
        repair(path, "missing; the owning Org is taken as the creator");
        path = at + ".Org";
      }
    }
    if (o.isEmpty()) {
      repair(path, "missing; an unnamed organisation stands in");
      return new Org(derived("orgc:" + eventUuid), "unknown MISP organisation");
    }
    String name = text(o.get(), "name", path).orElse("unknown MISP organisation");
    String p = path;
    String id =
        uuid(o.get(), "uuid", path)
            .orElseGet(
                () -> {
                  repair(p + ".uuid", "missing; derived from the organisation's name");
                  return derived("org:" + name);
                });
    return new Org(id, name);
  }

  private Attribute attribute(JsonValue v, String at, Instant eventTime) {
    JsonObject a = object(v, at);
    String type = text(a, "type", at).orElseThrow(() -> missing(at, "type"));
    String value = text(a, "value", at).orElseThrow(() -> missing(at, "value"));
    String uuid = uuid(a, "uuid", at).orElseThrow(() -> missing(at, "uuid"));
    Instant ts =
        epoch(a, "timestamp", at)
            .orElseGet(
                () -> {
                  repair(at + ".timestamp", "missing; the event's timestamp stands in");
                  return eventTime;
                });
    List<Sighting> sightings = new ArrayList<>();
    JsonArray s = array(a, "Sighting", at);
    for (int i = 0; i < s.size(); i++) {
      sightings.add(sighting(s.get(i), at + ".Sighting[" + i + "]", uuid, i));
    }
    return new Attribute(
        uuid,
        type,
        text(a, "category", at).orElse("Other"),
        value,
        bool(a, "to_ids", at).orElse(false),
        ts,
        text(a, "comment", at).orElse(""),
        bool(a, "deleted", at).orElse(false),
        text(a, "object_relation", at).filter(r -> !r.isEmpty()),
        tags(a, at),
        sightings,
        galaxies(a, at),
        analyses(a, at, ts));
  }

  private MispObject object(JsonValue v, String at, Instant eventTime) {
    JsonObject o = object(v, at);
    String uuid = uuid(o, "uuid", at).orElseThrow(() -> missing(at, "uuid"));
    String name = text(o, "name", at).orElseThrow(() -> missing(at, "name"));
    Instant ts = epoch(o, "timestamp", at).orElse(eventTime);
    List<Attribute> attributes = new ArrayList<>();
    JsonArray list = array(o, "Attribute", at);
    for (int i = 0; i < list.size(); i++) {
      attributes.add(attribute(list.get(i), at + ".Attribute[" + i + "]", ts));
    }
    List<Reference> references = new ArrayList<>();
    JsonArray refs = array(o, "ObjectReference", at);
    for (int i = 0; i < refs.size(); i++) {
      String p = at + ".ObjectReference[" + i + "]";
      JsonObject r = object(refs.get(i), p);
      Optional<String> target = uuid(r, "referenced_uuid", p);
      if (target.isEmpty()) {
        repair(p, "no referenced_uuid; reference left out");
        continue;
      }
      references.add(
          new Reference(target.get(), text(r, "relationship_type", p).orElse("related-to")));
    }
    return new MispObject(
        uuid,
        name,
        text(o, "meta-category", at).orElse("misc"),
        ts,
        bool(o, "deleted", at).orElse(false),
        attributes,
        references,
        analyses(o, at, ts));
  }

  private Sighting sighting(JsonValue v, String at, String attributeUuid, int index) {
    JsonObject s = object(v, at);
    int type = integer(s, "type", at).orElse(0);
    Instant date =
        epoch(s, "date_sighting", at)
            .or(() -> epoch(s, "timestamp", at))
            .orElseThrow(() -> missing(at, "date_sighting"));
    String uuid =
        uuid(s, "uuid", at)
            .orElseGet(
                () -> {
                  repair(at + ".uuid", "missing; derived from the attribute and position");
                  return derived("sighting:" + attributeUuid + ":" + index);
                });
    Optional<Org> org = Optional.empty();
    if (s.object("Organisation").isPresent()) {
      JsonObject o = s.object("Organisation").orElseThrow();
      String p = at + ".Organisation";
      String name = text(o, "name", p).orElse("unknown MISP organisation");
      org = Optional.of(new Org(uuid(o, "uuid", p).orElseGet(() -> derived("org:" + name)), name));
    }
    return new Sighting(uuid, type, date, text(s, "source", at).filter(x -> !x.isEmpty()), org);
  }

  private List<Cluster> galaxies(JsonObject owner, String at) {
    List<Cluster> clusters = new ArrayList<>();
    JsonArray galaxies = array(owner, "Galaxy", at);
    for (int g = 0; g < galaxies.size(); g++) {
      String gp = at + ".Galaxy[" + g + "]";
      JsonObject galaxy = object(galaxies.get(g), gp);
      String type = text(galaxy, "type", gp).orElse("misp-galaxy");
      String name = text(galaxy, "name", gp).orElse(type);
      JsonArray list = array(galaxy, "GalaxyCluster", gp);
      for (int c = 0; c < list.size(); c++) {
        String cp = gp + ".GalaxyCluster[" + c + "]";
        JsonObject cluster = object(list.get(c), cp);
        String value = text(cluster, "value", cp).orElseThrow(() -> missing(cp, "value"));
        String tag =
            text(cluster, "tag_name", cp).orElse("misp-galaxy:" + type + "=\"" + value + "\"");
        Optional<String> uuid = uuid(cluster, "uuid", cp);
        if (uuid.isEmpty()) {
          repair(cp + ".uuid", "empty; derived from tag_name " + tag);
          uuid = Optional.of(derived(tag));
        }
        clusters.add(
            new Cluster(
                uuid.get(),
                type,
                name,
                value,
                tag,
                text(cluster, "description", cp).filter(d -> !d.isEmpty()),
                cluster.object("meta").orElse(JsonObject.EMPTY)));
      }
    }
    return clusters;
  }

  private List<Analysis> analyses(JsonObject owner, String at, Instant fallback) {
    List<Analysis> out = new ArrayList<>();
    for (String kind : List.of("Note", "Opinion")) {
      JsonArray list = array(owner, kind, at);
      for (int i = 0; i < list.size(); i++) {
        String p = at + "." + kind + "[" + i + "]";
        JsonObject n = object(list.get(i), p);
        String uuid = uuid(n, "uuid", p).orElseThrow(() -> missing(p, "uuid"));
        Instant created = epoch(n, "created", p).or(() -> iso(n, "created")).orElse(fallback);
        boolean opinion = kind.equals("Opinion");
        String text =
            opinion
                ? text(n, "comment", p).orElse("")
                : text(n, "note", p).orElseThrow(() -> missing(p, "note"));
        int value = opinion ? integer(n, "opinion", p).orElse(50) : 0;
        if (value < 0 || value > 100) {
          repair(p + ".opinion", value + " is outside 0..100; clamped");
          value = Math.max(0, Math.min(100, value));
        }
        out.add(new Analysis(uuid, opinion, text, value, created));
      }
    }
    return out;
  }

  private List<String> tags(JsonObject owner, String at) {
    List<String> names = new ArrayList<>();
    JsonArray list = array(owner, "Tag", at);
    for (int i = 0; i < list.size(); i++) {
      String p = at + ".Tag[" + i + "]";
      if (list.get(i) instanceof JsonString s) {
        repair(p, "a bare string read as the tag's name");
        names.add(s.value());
      } else {
        text(object(list.get(i), p), "name", p).filter(n -> !n.isBlank()).ifPresent(names::add);
      }
    }
    return names;
  }

  // ---- lenient scalars ----

  private Optional<String> text(JsonObject o, String name, String at) {
    return switch (o.get(name).orElse(JsonNull.INSTANCE)) {
      case JsonString s -> Optional.of(s.value());
      case JsonNumber n -> {
        repair(at + "." + name, "a number read as text");
        yield Optional.of(n.text());
      }
      case JsonNull n -> Optional.empty();
      case JsonValue other -> throw wrong(at + "." + name, "text", other);
    };
  }

  private Optional<Boolean> bool(JsonObject o, String name, String at) {
    JsonValue v = o.get(name).orElse(JsonNull.INSTANCE);
    return switch (v) {
      case JsonBoolean b -> Optional.of(b.value());
      case JsonNull n -> Optional.empty();
      case JsonString s -> {
        String t = s.value().trim().toLowerCase(Locale.ROOT);
        Boolean b =
            switch (t) {
              case "1", "true", "yes" -> true;
              case "0", "false", "no", "" -> false;
              default -> throw wrong(at + "." + name, "a boolean", v);
            };
        repair(at + "." + name, "the string \"" + s.value() + "\" read as " + b);
        yield Optional.of(b);
      }
      case JsonNumber n when n.text().equals("0") || n.text().equals("1") -> {
        repair(at + "." + name, "the number " + n.text() + " read as a boolean");
        yield Optional.of(n.text().equals("1"));
      }
      default -> throw wrong(at + "." + name, "a boolean", v);
    };
  }

  /** MISP writes numbers as strings ("timestamp": "1542728551"): that is its format, no repair. */
  private Optional<Long> number(JsonObject o, String name, String at) {
    JsonValue v = o.get(name).orElse(JsonNull.INSTANCE);
    return switch (v) {
      case JsonNumber n ->
          Optional.of(n.asLong().orElseThrow(() -> wrong(at + "." + name, "an integer", v)));
      case JsonString s when s.value().isEmpty() -> Optional.empty();
      case JsonString s -> {
        try {
          yield Optional.of(Long.parseLong(s.value().trim()));
        } catch (NumberFormatException e) {
          throw wrong(at + "." + name, "an integer", v);
        }
      }
      case JsonNull n -> Optional.empty();
      default -> throw wrong(at + "." + name, "an integer", v);
    };
  }

  private Optional<Integer> integer(JsonObject o, String name, String at) {
    return number(o, name, at).map(Long::intValue);
  }

  private Optional<Instant> epoch(JsonObject o, String name, String at) {
    return number(o, name, at).map(Instant::ofEpochSecond);
  }

  /** Analyst data writes {@code 2024-01-02 03:04:05} (UTC) where events write epochs. */
  private static Optional<Instant> iso(JsonObject o, String name) {
    Optional<String> text = o.string(name).map(t -> t.trim().replace(' ', 'T'));
    try {
      return text.map(t -> Instant.parse(t.endsWith("Z") ? t : t + "Z"));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Optional<Instant> date(JsonObject e, String at) {
    Optional<String> d = e.string("date");
    if (d.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant t = LocalDate.parse(d.get()).atStartOfDay(ZoneOffset.UTC).toInstant();
      repair(at + ".timestamp", "missing; the event's date stands in");
      return Optional.of(t);
    } catch (DateTimeParseException ex) {
      return Optional.empty();
    }
  }

  private Optional<String> uuid(JsonObject o, String name, String at) {
    Optional<String> text = text(o, name, at).map(String::trim).filter(t -> !t.isEmpty());
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get();
    try {
      UUID parsed = UUID.fromString(t);
      String canonical = parsed.toString();
      if (t.length() != 36) {
        throw new IllegalArgumentException();
      }
      if (!canonical.equals(t)) {
        repair(at + "." + name, "upper-case uuid written in lower case");
      }
      return Optional.of(canonical);
    } catch (IllegalArgumentException e) {
      throw new MispFormatException(at + "." + name + ": '" + t + "' is not a uuid");
    }
  }

  private static JsonArray array(JsonObject o, String name, String at) {
    return switch (o.get(name).orElse(JsonNull.INSTANCE)) {
      case JsonArray a -> a;
      case JsonNull n -> JsonArray.EMPTY;
      case JsonObject single when single.isEmpty() -> JsonArray.EMPTY;
      case JsonValue other -> throw wrong(at + "." + name, "a list", other);
    };
  }

  private static JsonObject object(JsonValue v, String at) {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw wrong(at, "an object", v);
  }

  private void repair(String path, String what) {
    repairs.add(new Repair(path, what));
  }

  static String derived(String name) {
    return ScoIds.uuidV5(NAMESPACE, name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static MispFormatException missing(String at, String name) {
    return new MispFormatException(at + "." + name + ": missing (required)");
  }

  private static MispFormatException wrong(String at, String expected, JsonValue found) {
    return new MispFormatException(at + ": expected " + expected + ", found " + found.kind());
  }
}
