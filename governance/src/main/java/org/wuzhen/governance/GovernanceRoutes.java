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
        JsonObject.builder()
            .put("user", caller.user())
            .put("member", caller.member())
            .put("identity_ref", caller.memberIdentityId())
            .put("charter_member", c.memberByIdentity(caller.memberIdentityId()).isPresent())
            .put("charter_version", c.version())
            .put("governance_collection", governance.settings().collection().toString())
            .build());
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
    StixObject o = GovernanceStix.charterObject(c);
    JsonObject data =
        o.json()
            .object("extensions")
            .orElseThrow()
            .object(GovernanceStix.EXTENSION_ID)
            .orElseThrow()
            .without("extension_type");
    return ExtensionReply.json(
        200,
        data.with("id", new JsonString(o.id().toString()))
            .with("collection", new JsonString(governance.settings().collection().toString()))
            .with("latest_version", JsonNumber.of(governance.charter().version()))
            .with("object", o.json()));
  }

  private ExtensionReply proposals(ExtensionRequest request) {
    List<JsonValue> list =
        governance.proposals().stream().map(s -> (JsonValue) summary(s)).toList();
    return ExtensionReply.json(
        200, JsonObject.builder().put("proposals", new JsonArray(list)).build());
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
        summary(s)
            .with("patch", s.proposal().patch().toJson())
            .with("ballots", ballots.build())
            .with("reasons", strings(o.reasons()))
            .with("ignored_votes", strings(o.ignored()))
            .with("notes", objects(said.notes()));
    return ExtensionReply.json(200, detail);
  }

  private JsonObject summary(Governance.ProposalStatus s) {
    Proposal p = s.proposal();
    Outcome o = s.outcome();
    JsonObject.Builder b =
        JsonObject.builder()
            .put("id", p.id())
            .put("title", p.title())
            .put("proposer_ref", p.proposerRef())
            .put("charter_version", p.charterVersion())
            .put("opened", p.opened().toString())
            .put("closes", p.closes().toString())
            .put("state", o.state().name().toLowerCase(java.util.Locale.ROOT))
            .put("members", o.members())
            .put("yes", o.yes())
            .put("no", o.no())
            .put("abstain", o.abstain());
    p.description().ifPresent(d -> b.put("description", d));
    s.producedVersion().ifPresent(v -> b.put("produced_charter_version", v));
    return b.build();
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
    Consensus consensus = Consensus.of(said.opinions(), charter);
    JsonObject.Builder opinions = JsonObject.builder();
    consensus.opinions().forEach((member, value) -> opinions.put(member, value));
    JsonObject.Builder c = JsonObject.builder().put("members", consensus.members());
    consensus.average().ifPresent(a -> c.put("average", GovernanceStix.number(a)));
    c.put("opinions", opinions.build());
    JsonObject.Builder b = JsonObject.builder().put("id", id);
    found.ifPresent(
        f ->
            b.put("collection", f.collection().toString())
                .put("object", f.object().json())
                .put("signatures", signatures(f.collection(), id, charter)));
    b.put("notes", objects(said.notes()))
        .put("opinions", objects(said.opinions()))
        .put("sightings", objects(said.sightings()))
        .put("consensus", c.build());
    if (object.isPresent() && object.get().type().equals("indicator")) {
      Standing st =
          Standing.of(object.get(), said, charter, governance.settings().clock().instant());
      b.put("dispute", dispute(st.dispute()));
      b.put(
          "standing",
          JsonObject.builder()
              .put("base_confidence", st.base())
              .put(
                  "confidence_now",
                  new JsonNumber(String.format(java.util.Locale.ROOT, "%.1f", st.score())))
              .put("refreshed", st.refreshed().toString())
              .put("usable_for_detection", st.usable())
              .put("reasons", strings(st.reasons()))
              .put(
                  "export",
                  governance.withholding(object.get()).map(r -> "withheld: " + r).orElse("allowed"))
              .build());
    }
    return ExtensionReply.json(200, b.build());
  }

  /** Most versions the signature view lists (the oldest first). */
  static final int SIGNATURE_VERSIONS = 100;

  /**
   * The member signature of each version of an object, checked with the keys of the charter in
   * force: valid (by which member, with which key), unsigned, unknown key, or invalid and why.
   */
  private JsonArray signatures(CollectionId collection, String id, Charter charter) {
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
    List<JsonValue> out = new java.util.ArrayList<>();
    for (StoredObject v : versions) {
      if (v.json().isEmpty()) {
        continue;
      }
      StixObject o = StixObject.parse(v.json().get());
      JsonObject.Builder b =
          JsonObject.builder()
              .put("modified", o.string("modified").orElse(o.string("created").orElse("")));
      switch (Signatures.verify(o, keys)) {
        case VerificationResult.Valid valid ->
            b.put("result", "valid")
                .put(
                    "member",
                    charter
                        .memberByIdentity(valid.memberIdentityId())
                        .map(CharterMember::name)
                        .orElse(valid.memberIdentityId()))
                .put("key_id", valid.keyId());
        case VerificationResult.Unsigned u -> b.put("result", "unsigned");
        case VerificationResult.UnknownKey k ->
            b.put("result", "unknown-key")
                .put("key_id", k.keyId())
                .put(
                    "reason", "charter v" + charter.version() + " registers this key to no member");
        case VerificationResult.Invalid i -> b.put("result", "invalid").put("reason", i.reason());
      }
      out.add(b.build());
    }
    return new JsonArray(out);
  }

  private static JsonObject dispute(Dispute d) {
    List<JsonValue> history =
        d.history().stream()
            .map(
                e ->
                    (JsonValue)
                        JsonObject.builder()
                            .put("at", e.at().toString())
                            .put("member", e.member())
                            .put("what", e.what())
                            .put("state", e.state().word())
                            .build())
            .toList();
    return JsonObject.builder()
        .put("state", d.state().word())
        .put("history", new JsonArray(history))
        .build();
  }

  private record Found(CollectionId collection, StixObject object) {}

  private Optional<Found> find(String id, Predicate<CollectionId> readable) {
    for (CollectionInfo c : store.collections()) {
      if (!readable.test(c.id())) {
        continue;
      }
      List<StoredObject> found =
          store
              .query(
                  c.id(),
                  new ObjectQuery(
                      Optional.empty(),
                      List.of(id),
                      List.of(),
                      VersionSelection.LAST,
                      List.of(),
                      1,
                      Optional.empty(),
                      true))
              .objects();
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
