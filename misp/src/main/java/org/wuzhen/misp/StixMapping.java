package org.wuzhen.misp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.misp.AttributePatterns.Mapped;
import org.wuzhen.misp.AttributePatterns.Sco;
import org.wuzhen.misp.MispModel.Analysis;
import org.wuzhen.misp.MispModel.Attribute;
import org.wuzhen.misp.MispModel.Cluster;
import org.wuzhen.misp.MispModel.Event;
import org.wuzhen.misp.MispModel.MispObject;
import org.wuzhen.misp.MispModel.Org;
import org.wuzhen.misp.MispModel.Reference;
import org.wuzhen.misp.MispModel.Sighting;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixNames;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.stix.Tlp;

/**
 * One MISP event to STIX 2.1 following misp-stix's conventions, so that ids coincide with what MISP
 * itself exports: {@code report--}/{@code grouping--<event uuid>}, {@code indicator--<attribute
 * uuid>} for {@code to_ids} attributes, {@code observed-data--<attribute uuid>} with SCOs reusing
 * the uuid for every mappable one, galaxy clusters by cluster uuid. The importing member publishes
 * everything ({@code created_by_ref}); the originating organisation is an identity that every
 * object names in {@link #ORIGIN_REF}. Confined to one thread, one event.
 */
final class StixMapping {
  /** The property naming the MISP organisation an imported object originates from. */
  static final String ORIGIN_REF = "x_wuzhen_origin_ref";

  private final Event event;
  private final String publisher;
  private final Map<String, Long> counts;
  private final List<StixObject> out = new ArrayList<>();
  private final List<String> refs = new ArrayList<>();
  private final Map<String, String> primaryByUuid = new HashMap<>();
  private final String origin;
  private final Optional<Tlp> eventTlp;

  StixMapping(Event event, String publisher, Map<String, Long> counts) {
    this.event = event;
    this.publisher = publisher;
    this.counts = counts;
    this.origin = "identity--" + event.orgc().uuid();
    this.eventTlp = tlp(event.tags());
  }

  private final java.util.Set<String> identities = new java.util.HashSet<>();

  List<StixObject> convert() {
    identities.add(event.orgc().uuid());
    out.add(identity(event.orgc(), event.timestamp()));
    for (Attribute a : event.attributes()) {
      attribute(a);
    }
    for (MispObject o : event.objects()) {
      object(o);
    }
    for (MispObject o : event.objects()) {
      references(o);
    }
    List<String> clusterIds = new ArrayList<>();
    for (Cluster c : event.galaxies()) {
      clusterIds.add(cluster(c, "event"));
    }
    galaxyRelationships(clusterIds);
    String top = (event.published() ? "report--" : "grouping--") + event.uuid();
    for (Analysis n : event.analyses()) {
      analysis(n, top);
    }
    report(top);
    return out;
  }

  // ---- attributes ----

  private void attribute(Attribute a) {
    List<String> labels = new ArrayList<>();
    labels.add("misp:type=\"" + a.type() + "\"");
    labels.add("misp:category=\"" + a.category() + "\"");
    Optional<Tlp> tlp = strictest(eventTlp, tlp(a.tags()));
    labels.addAll(plainTags(a.tags()));
    Optional<Mapped> mapped = AttributePatterns.of(a.type(), a.value());
    String primary;
    if (mapped.isEmpty()) {
      JsonObject.Builder x = sdo("x-misp-attribute", a.uuid(), a.timestamp(), tlp);
      x.put("labels", strings(labels))
          .put("x_misp_type", a.type())
          .put("x_misp_category", a.category())
          .put("x_misp_value", a.value());
      if (!a.comment().isEmpty()) {
        x.put("x_misp_comment", a.comment());
      }
      revoked(x, a.deleted());
      primary = add(x);
      count("attribute " + a.type() + " → x-misp-attribute");
    } else {
      String observed =
          observed(a.uuid(), a.timestamp(), mapped.get().scos(), labels, tlp, a.deleted());
      primary = observed;
      count("attribute → observed-data");
      if (a.toIds()) {
        List<String> indicatorLabels = new ArrayList<>(labels);
        indicatorLabels.add("misp:to_ids=\"True\"");
        primary =
            indicator(
                a.uuid(),
                a.timestamp(),
                mapped.get().pattern(),
                a.category(),
                a.comment(),
                indicatorLabels,
                tlp,
                a.deleted(),
                expiry(a));
        relationship(primary, "based-on", observed, a.timestamp(), tlp);
        count("attribute → indicator");
      }
    }
    if (a.deleted()) {
      count("attribute (deleted) → revoked");
    }
    primaryByUuid.put(a.uuid(), primary);
    for (Cluster c : a.galaxies()) {
      String cluster = cluster(c, "attribute");
      relationship(primary, indicates(primary, cluster), cluster, a.timestamp(), tlp);
    }
    for (Sighting s : a.sightings()) {
      sighting(s, primary, tlp);
    }
    for (Analysis n : a.analyses()) {
      analysis(n, primary);
    }
  }

  private Optional<Instant> expiry(Attribute a) {
    Optional<Instant> until = Optional.empty();
    for (Sighting s : a.sightings()) {
      if (s.type() == 2 && s.date().isAfter(a.timestamp())) {
        until = Optional.of(s.date());
      }
    }
    return until;
  }

  private String observed(
      String uuid,
      Instant time,
      List<Sco> scos,
      List<String> labels,
      Optional<Tlp> tlp,
      boolean deleted) {
    List<JsonValue> ids = new ArrayList<>();
    List<JsonObject.Builder> built = new ArrayList<>();
    for (Sco sco : scos) {
      String id = sco.type() + "--" + uuid;
      if (ids.contains(new JsonString(id))) {
        // Two SCOs of one type in one attribute (never in misp-stix's table): keep them apart.
        id = sco.type() + "--" + EventParser.derived(uuid + ":" + ids.size());
      }
      ids.add(new JsonString(id));
      JsonObject.Builder b =
          JsonObject.builder().put("type", sco.type()).put("spec_version", "2.1").put("id", id);
      JsonObject p = sco.properties();
      for (int i = 0; i < p.size(); i++) {
        b.put(p.nameAt(i), p.valueAt(i));
      }
      tlp.ifPresent(t -> b.put("object_marking_refs", strings(List.of(t.markingId()))));
      built.add(b);
    }
    if (scos.size() == 2 && scos.get(0).type().equals("domain-name")) {
      built.get(0).put("resolves_to_refs", new JsonArray(List.of(ids.get(1))));
    }
    for (JsonObject.Builder b : built) {
      out.add(StixObject.from(b.build()));
      count("observable → SCO");
    }
    JsonObject.Builder od = sdo("observed-data", uuid, time, tlp);
    String t = stampOf(time);
    od.put("first_observed", t)
        .put("last_observed", t)
        .put("number_observed", 1)
        .put("object_refs", new JsonArray(ids))
        .put("labels", strings(labels));
    revoked(od, deleted);
    return add(od);
  }

  private String indicator(
      String uuid,
      Instant time,
      String pattern,
      String phase,
      String description,
      List<String> labels,
      Optional<Tlp> tlp,
      boolean deleted,
      Optional<Instant> validUntil) {
    JsonObject.Builder i = sdo("indicator", uuid, time, tlp);
    if (!description.isEmpty()) {
      i.put("description", description);
    }
    i.put("pattern", pattern)
        .put("pattern_type", "stix")
        .put("pattern_version", "2.1")
        .put("valid_from", stampOf(time));
    validUntil.ifPresent(u -> i.put("valid_until", stampOf(u)));
    i.put(
            "kill_chain_phases",
            new JsonArray(
                List.of(
                    JsonObject.builder()
                        .put("kill_chain_name", "misp-category")
                        .put("phase_name", phase)
                        .build())))
        .put("labels", strings(labels));
    revoked(i, deleted);
    return add(i);
  }

  // ---- objects ----

  private void object(MispObject o) {
    List<String> labels = new ArrayList<>();
    labels.add("misp:name=\"" + o.name() + "\"");
    labels.add("misp:meta-category=\"" + o.metaCategory() + "\"");
    List<String> tags = new ArrayList<>();
    for (Attribute a : o.attributes()) {
      tags.addAll(a.tags());
    }
    Optional<Tlp> tlp = strictest(eventTlp, tlp(tags));
    Optional<Mapped> mapped = ObjectPatterns.of(o);
    String primary;
    if (mapped.isEmpty()) {
      JsonObject.Builder x = sdo("x-misp-object", o.uuid(), o.timestamp(), tlp);
      List<JsonValue> attributes = new ArrayList<>();
      for (Attribute a : o.attributes()) {
        attributes.add(
            JsonObject.builder()
                .put("type", a.type())
                .put("object_relation", a.objectRelation().orElse(""))
                .put("value", a.value())
                .put("uuid", a.uuid())
                .put("to_ids", a.toIds())
                .put("category", a.category())
                .build());
      }
      x.put("labels", strings(labels)).put("x_misp_name", o.name());
      if (!attributes.isEmpty()) {
        x.put("x_misp_attributes", new JsonArray(attributes));
      }
      revoked(x, o.deleted());
      primary = add(x);
      count("object " + o.name() + " → x-misp-object");
    } else {
      String observed =
          observed(o.uuid(), o.timestamp(), mapped.get().scos(), labels, tlp, o.deleted());
      primary = observed;
      count("object " + o.name() + " → observed-data");
      if (o.attributes().stream().anyMatch(Attribute::toIds)) {
        List<String> indicatorLabels = new ArrayList<>(labels);
        indicatorLabels.add("misp:to_ids=\"True\"");
        primary =
            indicator(
                o.uuid(),
                o.timestamp(),
                mapped.get().pattern(),
                o.metaCategory(),
                "",
                indicatorLabels,
                tlp,
                o.deleted(),
                Optional.empty());
        relationship(primary, "based-on", observed, o.timestamp(), tlp);
        count("object " + o.name() + " → indicator");
      }
    }
    count("object attribute → kept in its object", o.attributes().size());
    primaryByUuid.put(o.uuid(), primary);
    for (Attribute a : o.attributes()) {
      primaryByUuid.put(a.uuid(), primary);
      for (Sighting s : a.sightings()) {
        sighting(s, primary, tlp);
      }
      for (Analysis n : a.analyses()) {
        analysis(n, primary);
      }
    }
    for (Analysis n : o.analyses()) {
      analysis(n, primary);
    }
  }

  private void references(MispObject o) {
    String source = primaryByUuid.get(o.uuid());
    for (Reference r : o.references()) {
      String target = primaryByUuid.get(r.referencedUuid());
      if (target == null) {
        count("object reference to a uuid outside the event → not mapped");
        continue;
      }
      relationship(source, relationshipType(r.relationshipType()), target, o.timestamp(), eventTlp);
      count("object reference → relationship");
    }
  }

  // ---- galaxies ----

  private final Map<String, String> clusters = new LinkedHashMap<>();

  private String cluster(Cluster c, String where) {
    String kind = galaxyKind(c.galaxyType());
    String id = kind + "--" + c.uuid();
    if (clusters.containsKey(id)) {
      return id;
    }
    clusters.put(id, kind);
    JsonObject.Builder s = sdo(kind, c.uuid(), event.timestamp(), eventTlp);
    s.put("name", c.value());
    c.description().ifPresent(d -> s.put("description", d));
    s.put(
        "labels",
        strings(
            List.of(
                "misp:galaxy-name=\"" + c.galaxyName() + "\"",
                "misp:galaxy-type=\"" + c.galaxyType() + "\"")));
    List<JsonValue> external = new ArrayList<>();
    JsonObject meta = c.meta();
    for (int i = 0; i < meta.size(); i++) {
      String key = meta.nameAt(i);
      JsonValue value = meta.valueAt(i);
      List<String> values = texts(value);
      switch (key) {
        case "synonyms" -> {
          if (List.of("threat-actor", "intrusion-set", "malware", "tool").contains(kind)) {
            s.put("aliases", strings(values));
          } else {
            s.put("x_misp_synonyms", strings(values));
          }
        }
        case "refs" -> {
          for (String u : values) {
            external.add(JsonObject.builder().put("source_name", "url").put("url", u).build());
          }
        }
        case "external_id" -> {
          for (String e : values) {
            external.add(
                JsonObject.builder()
                    .put("source_name", "mitre-attack")
                    .put("external_id", e)
                    .build());
          }
        }
        case "kill_chain" -> {
          if (kind.equals("attack-pattern")) {
            List<JsonValue> phases = new ArrayList<>();
            for (String p : values) {
              String[] parts = p.split(":");
              phases.add(
                  JsonObject.builder()
                      .put("kill_chain_name", parts[0])
                      .put("phase_name", parts[parts.length - 1])
                      .build());
            }
            s.put("kill_chain_phases", new JsonArray(phases));
          } else {
            s.put("x_misp_kill_chain", strings(values));
          }
        }
        default -> {
          // misp-stix writes meta keys verbatim; Wuzhen writes valid STIX names.
          String name = customName(key);
          if (!values.isEmpty()) {
            s.put(
                name,
                values.size() == 1 && !(value instanceof JsonArray)
                    ? new JsonString(values.getFirst())
                    : strings(values));
          }
        }
      }
    }
    if (!external.isEmpty()) {
      s.put("external_references", new JsonArray(external));
    }
    add(s);
    count("galaxy cluster (" + where + ") → " + kind);
    return id;
  }

  /** Event-level galaxies: actors and intrusion sets use the attack patterns, malware, tools. */
  private void galaxyRelationships(List<String> ids) {
    for (String source : ids) {
      String from = clusters.get(source);
      if (!from.equals("threat-actor") && !from.equals("intrusion-set")) {
        continue;
      }
      for (String target : ids) {
        String to = clusters.get(target);
        if (to.equals("attack-pattern") || to.equals("malware") || to.equals("tool")) {
          relationship(source, "uses", target, event.timestamp(), eventTlp);
          count("galaxy → relationship uses");
        }
      }
    }
  }

  static String galaxyKind(String type) {
    if (type.contains("attack-pattern")) {
      return "attack-pattern";
    }
    if (type.contains("intrusion-set")) {
      return "intrusion-set";
    }
    if (type.contains("course-of-action")) {
      return "course-of-action";
    }
    if (type.contains("malware")) {
      return "malware";
    }
    if (type.contains("tool")) {
      return "tool";
    }
    return "threat-actor";
  }

  private static String indicates(String source, String target) {
    return source.startsWith("indicator--") && !target.startsWith("course-of-action--")
        ? "indicates"
        : "related-to";
  }

  // ---- sightings and analyst data ----

  private void sighting(Sighting s, String target, Optional<Tlp> tlp) {
    Optional<String> where = s.org().map(o -> "identity--" + o.uuid());
    s.org().filter(o -> identities.add(o.uuid())).ifPresent(o -> out.add(identity(o, s.date())));
    switch (s.type()) {
      case 0 -> {
        JsonObject.Builder b = sdo("sighting", s.uuid(), s.date(), tlp);
        b.put("sighting_of_ref", target)
            .put("first_seen", stampOf(s.date()))
            .put("last_seen", stampOf(s.date()))
            .put("count", 1);
        where.ifPresent(w -> b.put("where_sighted_refs", strings(List.of(w))));
        s.source().ifPresent(src -> b.put("description", src));
        add(b);
        count("sighting → sighting");
      }
      case 1 -> {
        // The member publishes the report; the reporting organisation is its origin.
        String reason = "MISP false-positive sighting" + s.source().map(x -> ": " + x).orElse("");
        for (StixObject o :
            GovernanceStix.falsePositiveReport(
                publisher,
                target,
                reason,
                s.date(),
                "opinion--" + EventParser.derived("fp-opinion:" + s.uuid()),
                "note--" + EventParser.derived("fp-note:" + s.uuid()))) {
          JsonObject.Builder b = JsonObject.builder();
          JsonObject j = o.json();
          for (int i = 0; i < j.size(); i++) {
            b.put(j.nameAt(i), j.valueAt(i));
          }
          b.put(ORIGIN_REF, where.orElse(origin));
          tlp.ifPresent(t -> b.put("object_marking_refs", strings(List.of(t.markingId()))));
          add(b);
        }
        count("false-positive sighting → false-positive report");
      }
      case 2 -> count("expiration sighting → indicator valid_until");
      default -> count("sighting of unknown type " + s.type() + " → not mapped");
    }
  }

  private void analysis(Analysis n, String target) {
    if (n.isOpinion()) {
      JsonObject.Builder b = sdo("opinion", n.uuid(), n.created(), eventTlp);
      b.put("opinion", opinion(n.opinion())).put("x_misp_opinion", n.opinion());
      if (!n.text().isEmpty()) {
        b.put("explanation", n.text());
      }
      b.put("object_refs", strings(List.of(target)));
      add(b);
      count("analyst opinion → opinion");
    } else {
      JsonObject.Builder b = sdo("note", n.uuid(), n.created(), eventTlp);
      b.put("content", n.text()).put("object_refs", strings(List.of(target)));
      add(b);
      count("analyst note → note");
    }
  }

  static String opinion(int value) {
    if (value <= 20) {
      return "strongly-disagree";
    }
    if (value <= 40) {
      return "disagree";
    }
    if (value <= 60) {
      return "neutral";
    }
    return value <= 80 ? "agree" : "strongly-agree";
  }

  // ---- the event itself ----

  private void report(String id) {
    String kind = id.substring(0, id.indexOf("--"));
    JsonObject.Builder r = sdo(kind, event.uuid(), event.timestamp(), eventTlp);
    r.put("name", event.info());
    if (event.published()) {
      r.put("published", stampOf(event.publishTimestamp().orElse(event.timestamp())))
          .put("report_types", strings(List.of("misc")));
    } else {
      r.put("context", "suspicious-activity");
    }
    List<String> labels = plainTags(event.tags());
    if (!labels.isEmpty()) {
      r.put("labels", strings(labels));
      count("event tag → label", labels.size());
    }
    eventTlp.ifPresent(t -> count("TLP tag → marking " + t.label()));
    r.put("object_refs", strings(refs.isEmpty() ? List.of(origin) : refs));
    out.add(StixObject.from(r.build()));
    count("event → " + kind);
  }

  private StixObject identity(Org org, Instant time) {
    String t = stampOf(time);
    JsonObject.Builder b =
        JsonObject.builder()
            .put("type", "identity")
            .put("spec_version", "2.1")
            .put("id", "identity--" + org.uuid())
            .put("created_by_ref", publisher)
            .put("created", t)
            .put("modified", t)
            .put("name", org.name())
            .put("identity_class", "organization")
            .put("x_misp_org", true);
    // The organisation is shared as far as the event is: marked like it.
    eventTlp.ifPresent(x -> b.put("object_marking_refs", strings(List.of(x.markingId()))));
    return StixObject.from(b.build());
  }

  // ---- building blocks ----

  private JsonObject.Builder sdo(String type, String uuid, Instant time, Optional<Tlp> tlp) {
    String t = stampOf(time);
    JsonObject.Builder b =
        JsonObject.builder()
            .put("type", type)
            .put("spec_version", "2.1")
            .put("id", type + "--" + uuid)
            .put("created_by_ref", publisher)
            .put("created", t)
            .put("modified", t);
    tlp.ifPresent(x -> b.put("object_marking_refs", strings(List.of(x.markingId()))));
    b.put(ORIGIN_REF, origin);
    return b;
  }

  private void relationship(
      String source, String type, String target, Instant time, Optional<Tlp> tlp) {
    String uuid = EventParser.derived(source + " - " + type + " - " + target);
    JsonObject.Builder r = sdo("relationship", uuid, time, tlp);
    r.put("relationship_type", type).put("source_ref", source).put("target_ref", target);
    add(r);
  }

  private String add(JsonObject.Builder b) {
    StixObject o = StixObject.from(b.build());
    out.add(o);
    refs.add(o.id().toString());
    return o.id().toString();
  }

  private static void revoked(JsonObject.Builder b, boolean deleted) {
    if (deleted) {
      b.put("revoked", true);
    }
  }

  private void count(String what) {
    count(what, 1);
  }

  private void count(String what, long n) {
    if (n > 0) {
      counts.merge(what, n, Long::sum);
    }
  }

  static String stamp(Instant t) {
    return StixTimestamp.ofMillis(t).text();
  }

  private Instant lastStamped;
  private String lastStamp;

  /**
   * {@link #stamp} of the instant, remembered for the next call: an attribute's objects share its
   * timestamp, and an event's attributes often share one too.
   */
  private String stampOf(Instant t) {
    if (!t.equals(lastStamped)) {
      lastStamp = stamp(t);
      lastStamped = t;
    }
    return lastStamp;
  }

  /** The strictest TLP among tags ({@code tlp:white} is CLEAR; TLP 1.0 and 2.0 alike). */
  static Optional<Tlp> tlp(List<String> tags) {
    Optional<Tlp> strictest = Optional.empty();
    for (String tag : tags) {
      if (tag.toLowerCase(Locale.ROOT).startsWith("tlp:")) {
        strictest = strictest(strictest, Tlp.parse(tag));
      }
    }
    return strictest;
  }

  private static Optional<Tlp> strictest(Optional<Tlp> a, Optional<Tlp> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return b.get().isStricterThan(a.get()) ? b : a;
  }

  /** Tags that are neither TLP (markings) nor galaxies (objects): labels, verbatim. */
  static List<String> plainTags(List<String> tags) {
    List<String> labels = new ArrayList<>();
    for (String tag : tags) {
      String lower = tag.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("misp-galaxy:")
          && !(lower.startsWith("tlp:") && Tlp.parse(tag).isPresent())) {
        labels.add(tag);
      }
    }
    return labels;
  }

  /** {@code x_misp_} and the meta key with what STIX names do not allow written as {@code _}. */
  static String customName(String key) {
    StringBuilder b = new StringBuilder("x_misp_");
    for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
    }
    String name = b.toString();
    return StixNames.isValidPropertyName(name) ? name : "x_misp_meta";
  }

  /** Lower case, each run of characters other than a-z, 0-9 and - written as one -. */
  static String relationshipType(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    StringBuilder t = new StringBuilder(lower.length());
    boolean inRun = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        t.append(c);
        inRun = false;
      } else if (!inRun) {
        t.append('-');
        inRun = true;
      }
    }
    return t.length() < 3 ? "related-to" : t.toString();
  }

  private static List<String> texts(JsonValue v) {
    List<String> values = new ArrayList<>();
    if (v instanceof JsonArray a) {
      for (JsonValue e : a.elements()) {
        if (e instanceof JsonString s && !s.value().isEmpty()) {
          values.add(s.value());
        }
      }
    } else if (v instanceof JsonString s && !s.value().isEmpty()) {
      values.add(s.value());
    }
    return values;
  }

  private static JsonArray strings(List<String> values) {
    List<JsonValue> list = new ArrayList<>(values.size());
    for (String v : values) {
      list.add(new JsonString(v));
    }
    return new JsonArray(list);
  }
}
