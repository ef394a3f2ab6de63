package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.governance.Governance;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Hit;
import org.wuzhen.store.Hits;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.RelationshipQuery;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.AttackView;
import org.wuzhen.web.view.Link;
import org.wuzhen.web.view.SearchView;

/**
 * {@code /ui/attack/}: the ATT&CK matrix of one collection, tactics ({@code x-mitre-tactic}, in the
 * order of its {@code x-mitre-matrix}) by techniques ({@code attack-pattern}s by their kill-chain
 * phases; revoked, deprecated and sub-techniques left out), each cell counted from the {@code uses}
 * and {@code indicates} relationships to the technique (one read of the store's relationship index
 * for every technique at once, filtered on the type there, so ATT&CK's own {@code detects} and
 * {@code mitigates} are never read) and the community's sightings of the technique and of those
 * indicators, everything as the caller may read it. Its cost follows the size of ATT&CK and of what
 * points at it, not of the store; the relationships read are bounded by {@link #RELATIONSHIPS}.
 */
final class AttackPage {
  /**
   * Relationships read for one matrix, newest first; beyond it the page says its counts are lower
   * bounds.
   */
  static final int RELATIONSHIPS = 20_000;

  /** The relationship types a cell counts. */
  private static final Set<String> COUNTED = Set.of("uses", "indicates");

  private static final int PAGE = 1_000;

  private final Html html;
  private final Optional<Governance> governance;

  AttackPage(Html html, Optional<Governance> governance) {
    this.html = requireNonNull(html, "html");
    this.governance = requireNonNull(governance, "governance");
  }

  ExtensionReply show(Guard.Visit visit) {
    ObjectReader reader = visit.reader();
    List<CollectionInfo> readable = reader.readableCollections();
    Optional<CollectionId> chosen = collection(visit, reader, readable);
    Optional<String> source =
        visit.request().queryParam("source").map(String::strip).filter(s -> !s.isEmpty());
    if (source.isPresent()) {
      try {
        StixId.parse(source.get());
      } catch (StixFormatException e) {
        throw ExtensionException.badRequest("source: " + e.getMessage());
      }
    }
    List<SearchView.Option> collections =
        readable.stream()
            .map(
                c ->
                    new SearchView.Option(
                        c.id().toString(), c.title(), chosen.filter(c.id()::equals).isPresent()))
            .toList();
    if (chosen.isEmpty()) {
      return page(
          visit,
          "",
          collections,
          List.of(),
          List.of(),
          "No collection you may read holds ATT&CK tactics.");
    }
    CollectionId in = chosen.get();
    List<StixObject> tactics = all(reader, in, "x-mitre-tactic");
    List<StixObject> techniques = all(reader, in, "attack-pattern");
    List<StixObject> matrices = all(reader, in, "x-mitre-matrix");
    List<SearchView.Option> sources = new ArrayList<>();
    sources.add(new SearchView.Option("", "uses by anyone", source.isEmpty()));
    for (String type : List.of("intrusion-set", "campaign")) {
      all(reader, in, type).stream()
          .sorted(Comparator.comparing(o -> o.string("name").orElse("")))
          .forEach(o -> sources.add(option(o, "uses by ", source)));
    }
    for (CollectionInfo c : readable) {
      reader.query(c.id(), query("report", REPORTS, Optional.empty())).objects().stream()
          .flatMap(o -> parsed(o).stream())
          .forEach(o -> sources.add(option(o, "uses in report ", source)));
    }
    UsesOf uses = source.map(s -> UsesOf.of(reader, s)).orElse(UsesOf.ANYONE);
    List<CollectionId> ids = readable.stream().map(CollectionInfo::id).toList();
    List<StixObject> shown = new ArrayList<>();
    for (StixObject t : techniques) {
      if (!(t.revoked()
          || t.json().get("x_mitre_deprecated").filter(JsonBoolean.TRUE::equals).isPresent()
          || t.json()
              .get("x_mitre_is_subtechnique")
              .filter(JsonBoolean.TRUE::equals)
              .isPresent())) {
        shown.add(t);
      }
    }
    Pointing pointing = pointing(reader, ids, shown, uses);
    Map<String, Long> sighted = sightings(reader, pointing.sighted(shown));
    Map<String, List<AttackView.Cell>> byPhase = new HashMap<>();
    for (StixObject t : shown) {
      AttackView.Cell cell = cell(t, pointing, sighted);
      for (JsonValue phase :
          t.json().array("kill_chain_phases").map(a -> a.elements()).orElse(List.of())) {
        if (phase instanceof JsonObject p
            && p.string("kill_chain_name").filter(n -> n.startsWith("mitre-")).isPresent()) {
          p.string("phase_name")
              .ifPresent(n -> byPhase.computeIfAbsent(n, k -> new ArrayList<>()).add(cell));
        }
      }
    }
    List<AttackView.Tactic> columns = new ArrayList<>();
    for (StixObject tactic : ordered(tactics, matrices)) {
      List<AttackView.Cell> cells =
          new ArrayList<>(
              byPhase.getOrDefault(tactic.string("x_mitre_shortname").orElse(""), List.of()));
      cells.sort(Comparator.comparing(c -> c.technique().text()));
      columns.add(
          new AttackView.Tactic(tactic.string("name").orElse(tactic.id().toString()), cells));
    }
    String matrix =
        matrices.isEmpty() ? "ATT&CK" : matrices.getFirst().string("name").orElse("ATT&CK");
    return page(
        visit,
        matrix,
        collections,
        sources,
        columns,
        columns.isEmpty()
            ? "This collection holds no ATT&CK tactics."
            : pointing.complete()
                ? ""
                : "Counted from the "
                    + RELATIONSHIPS
                    + " most recent uses and indicates relationships to these techniques: the"
                    + " counts are lower bounds.");
  }

  private ExtensionReply page(
      Guard.Visit visit,
      String matrix,
      List<SearchView.Option> collections,
      List<SearchView.Option> sources,
      List<AttackView.Tactic> tactics,
      String message) {
    return html.page(
        200,
        "attack.jte",
        new AttackView(
            visit.frame("ATT&CK matrix", "attack"),
            matrix,
            collections,
            sources,
            tactics,
            message));
  }

  /** The collection asked for, else the first readable one holding a tactic. */
  private static Optional<CollectionId> collection(
      Guard.Visit visit, ObjectReader reader, List<CollectionInfo> readable) {
    Optional<String> asked =
        visit.request().queryParam("collection").map(String::strip).filter(s -> !s.isEmpty());
    if (asked.isPresent()) {
      CollectionId id;
      try {
        id = CollectionId.parse(asked.get());
      } catch (IllegalArgumentException e) {
        throw ExtensionException.badRequest("collection: " + e.getMessage());
      }
      if (!reader.mayRead(id)) {
        throw ExtensionException.notFound("collection: no collection " + id + " you can read");
      }
      return Optional.of(id);
    }
    for (CollectionInfo c : readable) {
      if (!reader.query(c.id(), query("x-mitre-tactic", 1, Optional.empty())).objects().isEmpty()) {
        return Optional.of(c.id());
      }
    }
    return Optional.empty();
  }

  /** Tactics in the order of the first matrix that names them, then the rest by name. */
  private static List<StixObject> ordered(List<StixObject> tactics, List<StixObject> matrices) {
    Map<String, Integer> order = new HashMap<>();
    if (!matrices.isEmpty()) {
      List<String> refs = matrices.getFirst().json().strings("tactic_refs");
      for (int i = 0; i < refs.size(); i++) {
        order.putIfAbsent(refs.get(i), i);
      }
    }
    List<StixObject> out = new ArrayList<>(tactics);
    out.sort(
        Comparator.comparingInt(
                (StixObject t) -> order.getOrDefault(t.id().toString(), Integer.MAX_VALUE))
            .thenComparing(t -> t.string("name").orElse("")));
    return out;
  }

  /**
   * The {@code uses} counted per technique and the indicators that indicate each, from the newest
   * {@link #RELATIONSHIPS} relationships of those types to any of the techniques.
   */
  record Pointing(
      Map<String, Integer> uses, Map<String, Set<String>> indicators, boolean complete) {
    /** The techniques and their indicators: what a sighting counted in a cell is of. */
    Set<String> sighted(List<StixObject> techniques) {
      Set<String> out = new HashSet<>();
      techniques.forEach(t -> out.add(t.id().toString()));
      indicators.values().forEach(out::addAll);
      return out;
    }
  }

  private static Pointing pointing(
      ObjectReader reader,
      List<CollectionId> collections,
      List<StixObject> techniques,
      UsesOf source) {
    Map<String, Integer> uses = new HashMap<>();
    Map<String, Set<String>> indicators = new HashMap<>();
    if (techniques.isEmpty()) {
      return new Pointing(uses, indicators, true);
    }
    Set<String> ids = new HashSet<>();
    techniques.forEach(t -> ids.add(t.id().toString()));
    RelationshipQuery query =
        new RelationshipQuery(ids, RelationshipQuery.End.TARGET, COUNTED, PAGE, Optional.empty());
    int read = 0;
    while (true) {
      Hits page = reader.relationships(collections, query);
      for (Hit h : page.hits()) {
        StixObject r;
        try {
          r = StixObject.parse(h.object().json().orElseThrow());
        } catch (StixFormatException e) {
          continue; // stored before a tighter rule: not counted
        }
        String to = r.string("target_ref").orElse("");
        String from = r.string("source_ref").orElse("");
        String type = r.string("relationship_type").orElse("");
        if (type.equals("uses") && source.counts(h.object().id(), from)) {
          uses.merge(to, 1, Integer::sum);
        } else if (type.equals("indicates") && from.startsWith("indicator--")) {
          indicators.computeIfAbsent(to, k -> new HashSet<>()).add(from);
        }
      }
      read += page.hits().size();
      if (!page.more()) {
        return new Pointing(uses, indicators, true);
      }
      if (read >= RELATIONSHIPS) {
        return new Pointing(uses, indicators, false);
      }
      query = query.below(page.next().orElseThrow());
    }
  }

  private static AttackView.Cell cell(
      StixObject technique, Pointing pointing, Map<String, Long> sighted) {
    String id = technique.id().toString();
    int uses = pointing.uses().getOrDefault(id, 0);
    Set<String> indicators = pointing.indicators().getOrDefault(id, Set.of());
    long sightings = sighted.getOrDefault(id, 0L);
    for (String indicator : indicators) {
      sightings += sighted.getOrDefault(indicator, 0L);
    }
    String attackId =
        technique
            .json()
            .array("external_references")
            .map(a -> a.elements())
            .orElse(List.of())
            .stream()
            .filter(e -> e instanceof JsonObject)
            .map(e -> (JsonObject) e)
            .filter(e -> e.string("source_name").filter(s -> s.startsWith("mitre-")).isPresent())
            .flatMap(e -> e.string("external_id").stream())
            .findFirst()
            .orElse("");
    String name = technique.string("name").orElse(id);
    return new AttackView.Cell(
        new Link(attackId.isEmpty() ? name : attackId + " " + name, Links.objectPath(id)),
        attackId,
        uses,
        indicators.size(),
        sightings);
  }

  /** Reports listed per readable collection in the source menu (any other by its id). */
  static final int REPORTS = 50;

  private static SearchView.Option option(StixObject o, String prefix, Optional<String> chosen) {
    String id = o.id().toString();
    return new SearchView.Option(
        id, prefix + o.string("name").orElse(id), chosen.filter(id::equals).isPresent());
  }

  private static Optional<StixObject> parsed(StoredObject o) {
    try {
      return o.json().map(StixObject::parse);
    } catch (StixFormatException e) {
      return Optional.empty(); // stored before a tighter rule: not offered
    }
  }

  /**
   * Whose {@code uses} a cell counts: anyone's; one intrusion set's or campaign's (the
   * relationship's source); or a report's: the relationships it lists in {@code object_refs}, those
   * whose source is an intrusion set, campaign, malware, tool or threat actor it lists, and those
   * whose source is the report itself.
   */
  record UsesOf(boolean anyone, Set<String> sources, Set<String> relationships) {
    static final UsesOf ANYONE = new UsesOf(true, Set.of(), Set.of());

    private static final Set<String> ACTORS =
        Set.of("intrusion-set", "campaign", "malware", "tool", "threat-actor");

    static UsesOf of(ObjectReader reader, String source) {
      if (!source.startsWith("report--")) {
        return new UsesOf(false, Set.of(source), Set.of());
      }
      StixObject report =
          StixObject.parse(
              org.wuzhen.web.ObjectPage.latest(reader, source).version().json().orElseThrow());
      Set<String> actors = new HashSet<>(Set.of(source));
      Set<String> listed = new HashSet<>();
      for (String ref : report.json().strings("object_refs")) {
        String type = ref.substring(0, Math.max(0, ref.indexOf("--")));
        if (type.equals("relationship")) {
          listed.add(ref);
        } else if (ACTORS.contains(type)) {
          actors.add(ref);
        }
      }
      return new UsesOf(false, actors, listed);
    }

    boolean counts(String relationshipId, String sourceRef) {
      return anyone || relationships.contains(relationshipId) || sources.contains(sourceRef);
    }
  }

  /** The sightings the caller may read of these objects, summed by what they sighted. */
  private Map<String, Long> sightings(ObjectReader reader, Set<String> of) {
    return governance.map(g -> g.sightingsOf(reader, of)).orElse(Map.of());
  }

  /** Every latest version of one type in a collection, page by page. */
  private static List<StixObject> all(ObjectReader reader, CollectionId in, String type) {
    List<StixObject> out = new ArrayList<>();
    Optional<PageCursor> after = Optional.empty();
    while (true) {
      ObjectPage page = reader.query(in, query(type, PAGE, after));
      for (StoredObject o : page.objects()) {
        try {
          out.add(StixObject.parse(o.json().orElseThrow()));
        } catch (StixFormatException e) {
          // stored before a tighter rule: left out of the matrix
        }
      }
      if (!page.more()) {
        return out;
      }
      after = page.next();
    }
  }

  private static ObjectQuery query(String type, int limit, Optional<PageCursor> after) {
    return new ObjectQuery(
        Optional.empty(),
        List.of(),
        List.of(type),
        VersionSelection.LAST,
        List.of(),
        limit,
        after,
        true);
  }
}
