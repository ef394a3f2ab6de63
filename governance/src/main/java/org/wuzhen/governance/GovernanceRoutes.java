package org.wuzhen.governance;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.transparency.MemberKeys;
import org.wuzhen.transparency.Signatures;
import org.wuzhen.transparency.VerificationResult;

/**
 * Every governance route beside TAXII, in one table, and the JSON views they answer with. All need
 * an authenticated member and read stored objects only through its {@link ObjectReader}, the node's
 * one read decision: the community's views (who am I to it, charter, proposals) exist only for a
 * caller who may read the governance collection and show only the governance objects it may read;
 * the per-object view shows only what the caller may read of the object and of what members said
 * about it.
 */
final class GovernanceRoutes {
  private static final int PAGE = 1000;

  private final Governance governance;

  private GovernanceRoutes(Governance governance) {
    this.governance = governance;
  }

  static List<ExtensionRoute> all(Governance governance) {
    GovernanceRoutes r = new GovernanceRoutes(governance);
    return List.of(
        ExtensionRoute.get("/wuzhen/me/", r::me),
        ExtensionRoute.get("/wuzhen/charter/", r::charter),
        ExtensionRoute.get("/wuzhen/proposals/", r::proposals),
        ExtensionRoute.get("/wuzhen/proposals/{id}/", r::proposal),
        ExtensionRoute.get("/wuzhen/objects/{id}/", r::object));
  }

  /** Who the caller is to the community: what a CLI needs to write objects in its name. */
  private ExtensionReply me(ExtensionRequest request) {
    Caller caller = request.caller().orElseThrow();
    Charter c = governance.charter();
    // Whether the charter lists the caller's own member is about the caller; where the community
    // keeps its records is told only to who may read them.
    boolean reads = request.mayRead(governance.settings().collection());
    return ExtensionReply.json(
        200,
        new CallerView(
                caller.user(),
                caller.member(),
                caller.memberIdentityId(),
                c.memberByIdentity(caller.memberIdentityId()).isPresent(),
                reads ? Optional.of(c.version()) : Optional.empty(),
                reads
                    ? Optional.of(governance.settings().collection().toString())
                    : Optional.empty())
            .toJson());
  }

  private ExtensionReply charter(ExtensionRequest request) {
    community(request);
    Charter c;
    Optional<String> version = request.queryParam("version");
    if (version.isPresent()) {
      int n;
      try {
        n = Integer.parseInt(version.get());
      } catch (NumberFormatException e) {
        throw ExtensionException.badRequest("version: not a whole number: '" + version.get() + "'");
      }
      c =
          governance
              .charter(n)
              .orElseThrow(
                  () ->
                      ExtensionException.notFound(
                          "version: no charter v"
                              + n
                              + " (latest v"
                              + governance.charter().version()
                              + ")"));
    } else {
      c = governance.charter();
    }
    if (!visibleIds(request, GovernanceStix.CHARTER)
        .contains(GovernanceStix.charterObject(c).id().toString())) {
      throw ExtensionException.notFound("version: no charter v" + c.version() + " you can read");
    }
    return ExtensionReply.json(
        200,
        new CharterView(
                governance.settings().collection().toString(),
                governance.charter().version(),
                GovernanceStix.charterObject(c))
            .toJson());
  }

  private ExtensionReply proposals(ExtensionRequest request) {
    Set<String> visible = visibleIds(request, GovernanceStix.PROPOSAL);
    return ExtensionReply.json(
        200,
        new ProposalList(
                governance.proposals().stream()
                    .filter(s -> visible.contains(s.proposal().id()))
                    .map(ProposalSummary::of)
                    .toList())
            .toJson());
  }

  private ExtensionReply proposal(ExtensionRequest request) {
    String id = request.pathParam("id");
    Governance.ProposalStatus s =
        governance
            .proposal(id)
            .filter(p -> visibleIds(request, GovernanceStix.PROPOSAL).contains(id))
            .orElseThrow(() -> ExtensionException.notFound("no proposal " + id + " you can read"));
    Outcome o = s.outcome();
    JsonObject.Builder ballots = JsonObject.builder();
    o.ballots().forEach((member, choice) -> ballots.put(member, choice.word()));
    Dialogue said = governance.dialogue(id, request.reader());
    JsonObject detail =
        ProposalSummary.of(s)
            .toJson()
            .with("patch", s.proposal().patch().toJson())
            .with("ballots", ballots.build())
            .with("reasons", strings(o.reasons()))
            .with("ignored_votes", strings(o.ignored()))
            .with("notes", objects(said.notes()));
    return ExtensionReply.json(200, detail);
  }

  private ExtensionReply object(ExtensionRequest request) {
    String id = request.pathParam("id");
    try {
      StixId.parse(id);
    } catch (StixFormatException e) {
      throw ExtensionException.badRequest("id: " + e.getMessage());
    }
    return ExtensionReply.json(
        200,
        view(governance, id, request.reader())
            .orElseThrow(
                () ->
                    ExtensionException.notFound(
                        "no object " + id + " in a collection you can read"))
            .toJson());
  }

  /**
   * An object and what members said about it, as {@code reader}'s caller may read them; empty when
   * it may read neither.
   */
  static Optional<ObjectView> view(Governance governance, String id, ObjectReader reader) {
    Optional<Found> found = find(id, reader);
    Optional<StixObject> object = found.map(Found::object);
    Dialogue said = governance.dialogue(id, reader);
    if (object.isEmpty() && said.equals(Dialogue.EMPTY)) {
      return Optional.empty();
    }
    Charter charter = governance.charter();
    Optional<Dispute> dispute = Optional.empty();
    Optional<ObjectView.StandingView> standing = Optional.empty();
    if (object.isPresent() && object.get().type().equals("indicator")) {
      Standing st =
          Standing.of(object.get(), said, charter, governance.settings().clock().instant());
      dispute = Optional.of(st.dispute());
      standing =
          Optional.of(
              new ObjectView.StandingView(
                  st.base(),
                  new JsonNumber(String.format(java.util.Locale.ROOT, "%.1f", st.score())),
                  st.refreshed(),
                  st.usable(),
                  st.reasons(),
                  governance
                      .withholding(object.get())
                      .map(r -> "withheld: " + r)
                      .orElse("allowed")));
    }
    ObjectView view =
        new ObjectView(
            id,
            found.map(f -> f.collection().toString()),
            object,
            found.map(f -> signatures(reader, f.collection(), id, charter)).orElse(List.of()),
            said.notes(),
            said.opinions(),
            said.sightings(),
            Consensus.of(said.opinions(), charter),
            dispute,
            standing);
    return Optional.of(view);
  }

  /** Most versions the signature view lists (the oldest first). */
  static final int SIGNATURE_VERSIONS = 100;

  /**
   * The member signature of each version of an object, checked with the keys of the charter in
   * force: valid (by which member, with which key), unsigned, unknown key, or invalid and why.
   */
  private static List<ObjectView.SignatureCheck> signatures(
      ObjectReader reader, CollectionId collection, String id, Charter charter) {
    List<StoredObject> versions =
        reader
            .query(
                collection,
                new ObjectQuery(
                    Optional.empty(),
                    List.of(id),
                    List.of(),
                    VersionSelection.ALL,
                    List.of(),
                    SIGNATURE_VERSIONS,
                    Optional.empty(),
                    true))
            .objects();
    MemberKeys keys = charter.memberKeys();
    List<ObjectView.SignatureCheck> out = new java.util.ArrayList<>();
    for (StoredObject v : versions) {
      if (v.json().isEmpty()) {
        continue;
      }
      StixObject o = StixObject.parse(v.json().get());
      String modified = o.string("modified").orElse(o.string("created").orElse(""));
      out.add(
          switch (Signatures.verify(o, keys)) {
            case VerificationResult.Valid valid ->
                new ObjectView.SignatureCheck.Valid(
                    modified,
                    charter
                        .memberByIdentity(valid.memberIdentityId())
                        .map(CharterMember::name)
                        .orElse(valid.memberIdentityId()),
                    valid.keyId());
            case VerificationResult.Unsigned u -> new ObjectView.SignatureCheck.Unsigned(modified);
            case VerificationResult.UnknownKey k ->
                new ObjectView.SignatureCheck.UnknownKey(
                    modified,
                    k.keyId(),
                    "charter v" + charter.version() + " registers this key to no member");
            case VerificationResult.Invalid i ->
                new ObjectView.SignatureCheck.Invalid(modified, i.reason());
          });
    }
    return out;
  }

  private record Found(CollectionId collection, StixObject object) {}

  /** The latest version of the object in the first collection the caller may read it in. */
  private static Optional<Found> find(String id, ObjectReader reader) {
    for (CollectionInfo c : reader.readableCollections()) {
      List<StoredObject> found = reader.query(c.id(), ObjectQuery.latestOf(id, true)).objects();
      if (!found.isEmpty() && found.getFirst().json().isPresent()) {
        return Optional.of(new Found(c.id(), StixObject.parse(found.getFirst().json().get())));
      }
    }
    return Optional.empty();
  }

  /**
   * The community's collection, when the caller may read it: the community's views do not exist for
   * whoever may not (and never name the collection to it).
   */
  private CollectionId community(ExtensionRequest request) {
    CollectionId c = governance.settings().collection();
    if (!request.mayRead(c)) {
      throw ExtensionException.notFound("no community governance you can read on this node");
    }
    return c;
  }

  /** The ids of the community's objects of one type the caller may read (latest versions). */
  private Set<String> visibleIds(ExtensionRequest request, String type) {
    return visibleIds(request.reader(), community(request), type);
  }

  /** The ids of the objects of one type in {@code c} the reader's caller may read (latest). */
  static Set<String> visibleIds(ObjectReader reader, CollectionId c, String type) {
    Set<String> ids = new HashSet<>();
    Optional<PageCursor> after = Optional.empty();
    while (true) {
      ObjectPage page =
          reader.query(
              c,
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  List.of(type),
                  VersionSelection.LAST,
                  List.of(),
                  PAGE,
                  after,
                  false));
      page.objects().forEach(o -> ids.add(o.id()));
      if (!page.more()) {
        return ids;
      }
      after = page.next();
    }
  }

  private static JsonArray strings(List<String> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) new JsonString(v)).toList());
  }

  private static JsonArray objects(List<StixObject> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) v.json()).toList());
  }
}
