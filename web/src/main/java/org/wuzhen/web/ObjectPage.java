package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wuzhen.federation.Decision;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.Peer;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.ObjectView;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.web.view.Link;
import org.wuzhen.web.view.ObjectPageView;
import org.wuzhen.web.view.ObjectPageView.Property;
import org.wuzhen.web.view.ObjectPageView.Said;

/**
 * {@code /ui/objects/{id}/}: one layout for every type. The object's versions come from the
 * collections the caller may read, through its reader; what members said about it from the
 * community's view (governance), read through the same reader; the export decision per peer as
 * {@code wuzhen policy explain} gives it, for the collections the caller may read.
 */
final class ObjectPage {
  /** Most versions the page lists per collection. */
  static final int MAX_VERSIONS = 50;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final Html html;
  private final Optional<Governance> governance;
  private final Optional<Federation> federation;
  private final Optional<TransparencyLog> log;

  ObjectPage(
      Html html,
      Optional<Governance> governance,
      Optional<Federation> federation,
      Optional<TransparencyLog> log) {
    this.html = requireNonNull(html, "html");
    this.governance = requireNonNull(governance, "governance");
    this.federation = requireNonNull(federation, "federation");
    this.log = requireNonNull(log, "log");
  }

  /** A stored version and the collection the caller read it in. */
  record Found(CollectionInfo collection, StoredObject version) {}

  ExtensionReply show(Guard.Visit visit) {
    String id = visit.request().pathParam("id");
    try {
      StixId.parse(id);
    } catch (StixFormatException e) {
      throw ExtensionException.badRequest("id: " + e.getMessage());
    }
    ObjectReader reader = visit.reader();
    List<Found> versions = versions(reader, id);
    Optional<ObjectView> said = governance.flatMap(g -> g.objectView(id, reader));
    if (versions.isEmpty()) {
      throw ExtensionException.notFound("no object " + id + " in a collection you can read");
    }
    Found latest =
        versions.stream()
            .max(
                Comparator.comparingLong((Found f) -> f.version().versionMicros())
                    .thenComparingLong(f -> f.version().dateAddedMicros()))
            .orElseThrow();
    StixObject object = StixObject.parse(latest.version().json().orElseThrow());
    Optional<Charter> charter = governance.map(Governance::charter);
    List<Property> byDay = said.map(v -> sightingsByDay(v.sightings())).orElse(List.of());
    RelationshipRows.Rows relationships = RelationshipRows.of(reader, id);
    return html.page(
        200,
        "object.jte",
        new ObjectPageView(
            visit.frame(object.string("name").orElse(id), "search"),
            id,
            object.type(),
            object.string("name").orElse(""),
            object.revoked(),
            properties(object.json()),
            markings(object),
            externalReferences(object.json()),
            Json.writePretty(object.json()),
            versions.stream()
                .map(
                    f ->
                        new ObjectPageView.Version(
                            f.version().version().orElse("(unversioned)"),
                            Instant.ofEpochSecond(0, f.version().dateAddedMicros() * 1000)
                                .toString(),
                            f.collection().title()))
                .toList(),
            governance.isPresent(),
            said.map(v -> v.notes().stream().map(n -> note(n, charter)).toList()).orElse(List.of()),
            said.map(v -> v.opinions().stream().map(o -> opinion(o, charter)).toList())
                .orElse(List.of()),
            said.map(
                    v ->
                        v.consensus().opinions().entrySet().stream()
                            .map(e -> new Property(e.getKey(), signed(e.getValue()), List.of()))
                            .toList())
                .orElse(List.of()),
            said.flatMap(v -> v.consensus().average()).map(a -> a.toPlainString()).orElse(""),
            said.map(v -> sightingsByMember(v.sightings(), charter)).orElse(List.of()),
            byDay,
            said.flatMap(ObjectView::dispute).map(d -> d.state().word()).orElse(""),
            said.flatMap(ObjectView::dispute)
                .map(
                    d ->
                        d.history().stream()
                            .map(
                                e ->
                                    new Said(
                                        e.member(),
                                        e.at().toString(),
                                        e.what() + " → " + e.state().word()))
                            .toList())
                .orElse(List.of()),
            said.flatMap(ObjectView::standing)
                .map(
                    s ->
                        "confidence "
                            + s.confidenceNow().text()
                            + " (base "
                            + s.baseConfidence()
                            + "), "
                            + (s.usableForDetection() ? "usable" : "not usable")
                            + " for detection; export: "
                            + s.export())
                .orElse(""),
            said.map(v -> v.signatures().stream().map(ObjectPage::signature).toList())
                .orElse(List.of()),
            exportDecisions(reader, id),
            federation.isEmpty() ? "this node federates with no peer" : "",
            object.createdByRef().equals(Optional.of(visit.caller().memberIdentityId()))
                && !object.revoked(),
            relationships.rows(),
            relationships.more(),
            SightingsChart.of(byDay),
            ProvenanceSection.of(reader, latest, object, charter, federation, log),
            RelationshipGraph.of(
                reader,
                id,
                object.string("name").orElse(""),
                relationships.rows(),
                relationships.more())));
  }

  /** {@code /ui/objects/{id}/bundle/}: the latest version the caller may read, as a bundle. */
  ExtensionReply bundle(Guard.Visit visit) {
    String id = visit.request().pathParam("id");
    try {
      StixId.parse(id);
    } catch (StixFormatException e) {
      throw ExtensionException.badRequest("id: " + e.getMessage());
    }
    Found latest =
        versions(visit.reader(), id).stream()
            .max(Comparator.comparingLong((Found f) -> f.version().versionMicros()))
            .orElseThrow(
                () ->
                    ExtensionException.notFound(
                        "no object " + id + " in a collection you can read"));
    JsonObject bundle =
        JsonObject.builder()
            .put("type", "bundle")
            .put("id", "bundle--" + java.util.UUID.randomUUID())
            .put(
                "objects",
                new JsonArray(List.of(Json.parse(latest.version().json().orElseThrow()))))
            .build();
    return new ExtensionReply(
        200,
        "application/stix+json;version=2.1",
        Json.writeBytes(bundle, true),
        Map.of(
            "Content-Disposition",
            "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9-]", "_") + ".json\"",
            "X-Content-Type-Options",
            "nosniff"));
  }

  /** The latest version of an object the caller may read, and where. */
  static Found latest(ObjectReader reader, String id) {
    try {
      StixId.parse(id);
    } catch (StixFormatException e) {
      throw ExtensionException.badRequest("id: " + e.getMessage());
    }
    return versions(reader, id).stream()
        .max(
            Comparator.comparingLong((Found f) -> f.version().versionMicros())
                .thenComparingLong(f -> f.version().dateAddedMicros()))
        .orElseThrow(
            () -> ExtensionException.notFound("no object " + id + " in a collection you can read"));
  }

  /** Each readable collection's versions of the object, at most {@link #MAX_VERSIONS} each. */
  private static List<Found> versions(ObjectReader reader, String id) {
    List<Found> out = new ArrayList<>();
    for (CollectionInfo c : reader.readableCollections()) {
      ObjectQuery q =
          new ObjectQuery(
              Optional.empty(),
              List.of(id),
              List.of(),
              VersionSelection.ALL,
              List.of(),
              MAX_VERSIONS,
              Optional.empty(),
              true);
      for (StoredObject v : reader.query(c.id(), q).objects()) {
        if (v.json().isPresent()) {
          out.add(new Found(c, v));
        }
      }
    }
    return out;
  }

  /**
   * {@code wuzhen policy explain} for every peer, in the collections the caller may read (the
   * decision about a collection it may not read is not its to see).
   */
  private List<String> exportDecisions(ObjectReader reader, String id) {
    if (federation.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Peer peer : federation.get().peers()) {
      Map<CollectionId, Decision> decisions = federation.get().explain(peer.name(), id);
      decisions.forEach(
          (collection, decision) -> {
            if (reader.mayRead(collection)) {
              out.add(decision.sentence(id, peer.name(), collection.toString()));
            }
          });
    }
    return out;
  }

  private static List<Property> properties(JsonObject json) {
    List<Property> out = new ArrayList<>();
    for (String name : json.names()) {
      JsonValue value = json.get(name).orElseThrow();
      List<Link> refs = new ArrayList<>();
      if (name.endsWith("_ref") && value instanceof JsonString s) {
        Links.object(s.value()).ifPresent(refs::add);
      } else if (name.endsWith("_refs") && value instanceof JsonArray a) {
        for (JsonValue e : a.elements()) {
          if (e instanceof JsonString s) {
            Links.object(s.value()).ifPresent(refs::add);
          }
        }
      }
      String text = value instanceof JsonString s ? s.value() : Json.write(value);
      out.add(new Property(name, refs.isEmpty() ? text : "", refs));
    }
    return out;
  }

  private static List<Link> markings(StixObject object) {
    List<Link> out = new ArrayList<>();
    for (String ref : object.objectMarkingRefs()) {
      String label = ref;
      for (Tlp tlp : Tlp.values()) {
        if (tlp.markingId().equals(ref) || tlp.tlp1MarkingId().filter(ref::equals).isPresent()) {
          label = tlp.label();
        }
      }
      out.add(new Link(label, Links.object(ref).map(Link::href).orElse("")));
    }
    return out;
  }

  private static List<Link> externalReferences(JsonObject json) {
    List<Link> out = new ArrayList<>();
    for (JsonValue v :
        json.array("external_references").map(JsonArray::elements).orElse(List.of())) {
      if (v instanceof JsonObject ref) {
        String text =
            ref.string("source_name").orElse("")
                + ref.string("external_id").map(x -> " " + x).orElse("")
                + ref.string("description").map(x -> ": " + x).orElse("");
        String url = ref.string("url").orElse("");
        out.add(new Link(url.isEmpty() ? text : text + " " + url, Links.web(url).orElse("")));
      }
    }
    return out;
  }

  private static String memberOf(StixObject o, Optional<Charter> charter) {
    String by = o.createdByRef().orElse("(unknown)");
    return charter.flatMap(c -> c.memberByIdentity(by)).map(CharterMember::name).orElse(by);
  }

  private static Said note(StixObject n, Optional<Charter> charter) {
    String text =
        n.string("abstract").map(a -> a + ": ").orElse("") + n.string("content").orElse("");
    return new Said(memberOf(n, charter), n.string("created").orElse(""), text);
  }

  private static Said opinion(StixObject o, Optional<Charter> charter) {
    return new Said(
        memberOf(o, charter),
        o.string("created").orElse(""),
        o.string("opinion").orElse("") + o.string("explanation").map(e -> ": " + e).orElse(""));
  }

  private static String signed(int value) {
    return value > 0 ? "+" + value : Integer.toString(value);
  }

  private static long count(StixObject sighting) {
    return sighting
        .get("count")
        .flatMap(v -> v instanceof org.wuzhen.stix.JsonNumber n ? n.asLong() : Optional.empty())
        .orElse(1L);
  }

  private static List<Property> sightingsByMember(
      List<StixObject> sightings, Optional<Charter> charter) {
    Map<String, Long> by = new TreeMap<>();
    for (StixObject s : sightings) {
      by.merge(memberOf(s, charter), count(s), Long::sum);
    }
    return by.entrySet().stream()
        .map(e -> new Property(e.getKey(), e.getValue().toString(), List.of()))
        .toList();
  }

  private static List<Property> sightingsByDay(List<StixObject> sightings) {
    Map<String, Long> by = new TreeMap<>();
    for (StixObject s : sightings) {
      String day =
          s.timestamp("first_seen")
              .or(s::created)
              .map(t -> DAY.format(t.instant()))
              .orElse("(undated)");
      by.merge(day, count(s), Long::sum);
    }
    return by.entrySet().stream()
        .map(e -> new Property(e.getKey(), e.getValue().toString(), List.of()))
        .toList();
  }

  private static String signature(ObjectView.SignatureCheck check) {
    return switch (check) {
      case ObjectView.SignatureCheck.Valid v ->
          v.modified() + ": signed by " + v.member() + " (key " + v.keyId() + "), verified";
      case ObjectView.SignatureCheck.Unsigned u -> u.modified() + ": not signed";
      case ObjectView.SignatureCheck.UnknownKey k ->
          k.modified() + ": signed with unknown key " + k.keyId() + ": " + k.reason();
      case ObjectView.SignatureCheck.Invalid i ->
          i.modified() + ": INVALID signature: " + i.reason();
    };
  }
}
