package org.wuzhen.governance;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
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
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.transparency.MemberKeys;
import org.wuzhen.transparency.Signatures;
import org.wuzhen.transparency.VerificationResult;

/**
 * Every governance route beside TAXII, in one table, and the JSON views they answer with. All need
 * an authenticated member; the per-object view only shows what the caller's collections hold.
 */
final class GovernanceRoutes {
  private final Governance governance;
  private final ObjectStore store;

  private GovernanceRoutes(Governance governance, ObjectStore store) {
    this.governance = governance;
    this.store = store;
  }

  static List<ExtensionRoute> all(Governance governance, ObjectStore store) {
    GovernanceRoutes r = new GovernanceRoutes(governance, store);
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
    return ExtensionReply.json(
        200,
        new CallerView(
                caller.user(),
                caller.member(),
                caller.memberIdentityId(),
                c.memberByIdentity(caller.memberIdentityId()).isPresent(),
                c.version(),
                governance.settings().collection().toString())
            .toJson());
  }

  private ExtensionReply charter(ExtensionRequest request) {
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
    return ExtensionReply.json(
        200,
        new CharterView(
                governance.settings().collection().toString(),
                governance.charter().version(),
                GovernanceStix.charterObject(c))
            .toJson());
  }

  private ExtensionReply proposals(ExtensionRequest request) {
    return ExtensionReply.json(
        200,
        new ProposalList(governance.proposals().stream().map(ProposalSummary::of).toList())
            .toJson());
  }

  private ExtensionReply proposal(ExtensionRequest request) {
    String id = request.pathParam("id");
    Governance.ProposalStatus s =
        governance.proposal(id).orElseThrow(() -> ExtensionException.notFound("no proposal " + id));
    Outcome o = s.outcome();
    JsonObject.Builder ballots = JsonObject.builder();
    o.ballots().forEach((member, choice) -> ballots.put(member, choice.word()));
    Dialogue said = governance.dialogue(id, request::mayRead);
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
    Predicate<CollectionId> readable = request::mayRead;
    Optional<Found> found = find(id, readable);
    Optional<StixObject> object = found.map(Found::object);
    Dialogue said = governance.dialogue(id, readable);
    if (object.isEmpty() && said.equals(Dialogue.EMPTY)) {
      throw ExtensionException.notFound("no object " + id + " in a collection you can read");
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
            found.map(f -> signatures(f.collection(), id, charter)).orElse(List.of()),
            said.notes(),
            said.opinions(),
            said.sightings(),
            Consensus.of(said.opinions(), charter),
            dispute,
            standing);
    return ExtensionReply.json(200, view.toJson());
  }

  /** Most versions the signature view lists (the oldest first). */
  static final int SIGNATURE_VERSIONS = 100;

  /**
   * The member signature of each version of an object, checked with the keys of the charter in
   * force: valid (by which member, with which key), unsigned, unknown key, or invalid and why.
   */
  private List<ObjectView.SignatureCheck> signatures(
      CollectionId collection, String id, Charter charter) {
    List<StoredObject> versions =
        store
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

  private Optional<Found> find(String id, Predicate<CollectionId> readable) {
    for (CollectionInfo c : store.collections()) {
      if (!readable.test(c.id())) {
        continue;
      }
      List<StoredObject> found = store.query(c.id(), ObjectQuery.latestOf(id, true)).objects();
      if (!found.isEmpty() && found.getFirst().json().isPresent()) {
        return Optional.of(new Found(c.id(), StixObject.parse(found.getFirst().json().get())));
      }
    }
    return Optional.empty();
  }

  private static JsonArray strings(List<String> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) new JsonString(v)).toList());
  }

  private static JsonArray objects(List<StixObject> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) v.json()).toList());
  }
}
