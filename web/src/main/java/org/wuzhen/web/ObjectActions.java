package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.store.StatusRecord;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.transparency.Signatures;

/**
 * What an analyst does from an object's page: add a note, give an opinion or report a false
 * positive (both signed in the browser, as the community requires of what speaks for a member), and
 * revoke an object their member created. Everything is written as the user through the TAXII add
 * path, into the collection the object was read from, so permissions and the community's rules
 * judge it as they would a TAXII POST.
 */
final class ObjectActions {
  /** STIX 2.1 opinion-enum. */
  private static final Set<String> OPINIONS =
      Set.of("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");

  private static final int MAX_TEXT = 10_000;

  private final Optional<Governance> governance;
  private final Clock clock;

  ObjectActions(Optional<Governance> governance, Clock clock) {
    this.governance = requireNonNull(governance, "governance");
    this.clock = requireNonNull(clock, "clock");
  }

  /** POST /ui/objects/{id}/note/. */
  ExtensionReply note(Guard.Visit visit) {
    String id = visit.request().pathParam("id");
    String content = text(visit.requireForm().first("content").orElse(""), "content");
    String t = now();
    StixObject note =
        StixObject.from(
            JsonObject.builder()
                .put("type", "note")
                .put("spec_version", "2.1")
                .put("id", "note--" + UUID.randomUUID())
                .put("created_by_ref", visit.caller().memberIdentityId())
                .put("created", t)
                .put("modified", t)
                .put("content", content)
                .put("object_refs", new JsonArray(List.of(new JsonString(id))))
                .build());
    return store(visit, id, List.of(note));
  }

  /** GET /ui/objects/{id}/opinion/prepare/: the opinion to sign. */
  ExtensionReply prepareOpinion(Guard.Visit visit) {
    String id = ObjectPage.latest(visit.reader(), visit.request().pathParam("id")).version().id();
    String opinion = visit.request().queryParam("opinion").orElse("");
    if (!OPINIONS.contains(opinion)) {
      throw ExtensionException.badRequest(
          "opinion: expected one of " + String.join(", ", OPINIONS.stream().sorted().toList()));
    }
    String t = now();
    JsonObject.Builder b =
        JsonObject.builder()
            .put("type", "opinion")
            .put("spec_version", "2.1")
            .put("id", "opinion--" + UUID.randomUUID())
            .put("created_by_ref", visit.caller().memberIdentityId())
            .put("created", t)
            .put("modified", t);
    visit
        .request()
        .queryParam("explanation")
        .filter(e -> !e.isBlank())
        .ifPresent(e -> b.put("explanation", text(e, "explanation")));
    b.put("opinion", opinion).put("object_refs", new JsonArray(List.of(new JsonString(id))));
    return SignedObjects.prepared(List.of(StixObject.from(b.build())));
  }

  /** GET /ui/objects/{id}/false-positive/prepare/: the report (an opinion and a note) to sign. */
  ExtensionReply prepareFalsePositive(Guard.Visit visit) {
    String id = ObjectPage.latest(visit.reader(), visit.request().pathParam("id")).version().id();
    String reason = text(visit.request().queryParam("reason").orElse(""), "reason");
    return SignedObjects.prepared(
        GovernanceStix.falsePositiveReport(
            visit.caller().memberIdentityId(), id, reason, clock.instant()));
  }

  /** POST /ui/objects/{id}/signed/: what the browser signed, about this object only. */
  ExtensionReply signed(Guard.Visit visit) {
    String id = visit.request().pathParam("id");
    Governance g =
        governance.orElseThrow(
            () -> ExtensionException.notFound("this node has no community whose keys sign"));
    List<StixObject> objects =
        SignedObjects.signed(visit.requireForm(), visit.caller(), g.charter());
    for (StixObject o : objects) {
      if (!Set.of("note", "opinion").contains(o.type())
          || !o.json().strings("object_refs").equals(List.of(id))) {
        throw ExtensionException.badRequest(
            "objects: only notes and opinions about " + id + " are signed here");
      }
    }
    return store(visit, id, objects);
  }

  /** POST /ui/objects/{id}/revoke/: a new version, revoked, by the member that created it. */
  ExtensionReply revoke(Guard.Visit visit) {
    ObjectPage.Found latest = ObjectPage.latest(visit.reader(), visit.request().pathParam("id"));
    StixObject object = StixObject.parse(latest.version().json().orElseThrow());
    if (!object.createdByRef().equals(Optional.of(visit.caller().memberIdentityId()))) {
      throw ExtensionException.forbidden(
          "only the member that created " + object.id() + " revokes it");
    }
    Instant modified = clock.instant();
    Optional<StixTimestamp> previous = object.modified();
    if (previous.isPresent() && !modified.isAfter(previous.get().instant())) {
      modified = previous.get().instant().plusMillis(1);
    }
    JsonObject json = object.json();
    // The earlier version's member signature does not cover the new one: it is not carried over.
    Optional<JsonObject> extensions = json.object("extensions");
    if (extensions.isPresent() && extensions.get().has(Signatures.EXTENSION_ID)) {
      JsonObject rest = extensions.get().without(Signatures.EXTENSION_ID);
      json = rest.isEmpty() ? json.without("extensions") : json.with("extensions", rest);
    }
    StixObject revoked =
        StixObject.from(
            json.with("modified", new JsonString(StixTimestamp.ofMillis(modified).text()))
                .with("revoked", JsonBoolean.TRUE));
    return store(visit, object.id().toString(), List.of(revoked));
  }

  private ExtensionReply store(Guard.Visit visit, String id, List<StixObject> objects) {
    ObjectPage.Found where = ObjectPage.latest(visit.reader(), id);
    StatusRecord status =
        visit
            .request()
            .logins()
            .add(visit.session().login().orElseThrow(), where.collection().id(), objects);
    if (!status.failures().isEmpty()) {
      throw ExtensionException.forbidden(
          "refused: " + status.failures().getFirst().message().orElse("(no reason given)"));
    }
    return Html.seeOther(Links.objectPath(id), Map.of());
  }

  private String now() {
    return StixTimestamp.ofMillis(clock.instant()).text();
  }

  private static String text(String value, String field) {
    String v = value.strip();
    if (v.isEmpty()) {
      throw ExtensionException.badRequest(field + ": empty");
    }
    if (v.length() > MAX_TEXT) {
      throw ExtensionException.badRequest(
          field + ": " + v.length() + " characters; at most " + MAX_TEXT);
    }
    return v;
  }
}
