package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * {@code GET /wuzhen/objects/{id}/}: one shared object and what members say about it, limited to
 * the collections the caller may read.
 *
 * @param collection where the object is, when the caller can read it there
 * @param signatures the member signature of each stored version (only when the object was found)
 * @param dispute and {@code standing}: for indicators only
 */
public record ObjectView(
    String id,
    Optional<String> collection,
    Optional<StixObject> object,
    List<SignatureCheck> signatures,
    List<StixObject> notes,
    List<StixObject> opinions,
    List<StixObject> sightings,
    Consensus consensus,
    Optional<Dispute> dispute,
    Optional<StandingView> standing) {

  public ObjectView {
    requireNonNull(id, "id");
    requireNonNull(collection, "collection");
    requireNonNull(object, "object");
    signatures = List.copyOf(signatures);
    notes = List.copyOf(notes);
    opinions = List.copyOf(opinions);
    sightings = List.copyOf(sightings);
    requireNonNull(consensus, "consensus");
    requireNonNull(dispute, "dispute");
    requireNonNull(standing, "standing");
  }

  /** The member signature of one version, checked with the keys of the charter in force. */
  public sealed interface SignatureCheck {
    /** The version's {@code modified} (else {@code created}). */
    String modified();

    record Valid(String modified, String member, String keyId) implements SignatureCheck {}

    record Unsigned(String modified) implements SignatureCheck {}

    record UnknownKey(String modified, String keyId, String reason) implements SignatureCheck {}

    record Invalid(String modified, String reason) implements SignatureCheck {}
  }

  /**
   * Where an indicator stands now: {@link Standing} as the view shows it, with the export decision.
   *
   * @param confidenceNow the decayed confidence, one decimal
   * @param export {@code allowed}, or {@code withheld: } and why
   */
  public record StandingView(
      int baseConfidence,
      JsonNumber confidenceNow,
      Instant refreshed,
      boolean usableForDetection,
      List<String> reasons,
      String export) {
    public StandingView {
      requireNonNull(confidenceNow, "confidenceNow");
      requireNonNull(refreshed, "refreshed");
      reasons = List.copyOf(reasons);
      requireNonNull(export, "export");
    }

    public JsonObject toJson() {
      return JsonObject.builder()
          .put("base_confidence", baseConfidence)
          .put("confidence_now", confidenceNow)
          .put("refreshed", refreshed.toString())
          .put("usable_for_detection", usableForDetection)
          .put("reasons", strings(reasons))
          .put("export", export)
          .build();
    }

    static StandingView read(JsonFields f) {
      return new StandingView(
          f.intValue("base_confidence"),
          f.number("confidence_now"),
          ProposalSummary.instant(f, "refreshed"),
          f.bool("usable_for_detection"),
          f.strings("reasons"),
          f.string("export"));
    }
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("id", id);
    collection.ifPresent(c -> b.put("collection", c));
    object.ifPresent(o -> b.put("object", o.json()));
    if (object.isPresent()) {
      b.put("signatures", new JsonArray(signatures.stream().map(ObjectView::toJson).toList()));
    }
    b.put("notes", objects(notes))
        .put("opinions", objects(opinions))
        .put("sightings", objects(sightings))
        .put("consensus", consensus.toJson());
    dispute.ifPresent(d -> b.put("dispute", d.toJson()));
    standing.ifPresent(s -> b.put("standing", s.toJson()));
    return b.build();
  }

  private static JsonValue toJson(SignatureCheck check) {
    JsonObject.Builder b = JsonObject.builder().put("modified", check.modified());
    return switch (check) {
      case SignatureCheck.Valid v ->
          b.put("result", "valid").put("member", v.member()).put("key_id", v.keyId()).build();
      case SignatureCheck.Unsigned u -> b.put("result", "unsigned").build();
      case SignatureCheck.UnknownKey k ->
          b.put("result", "unknown-key").put("key_id", k.keyId()).put("reason", k.reason()).build();
      case SignatureCheck.Invalid i -> b.put("result", "invalid").put("reason", i.reason()).build();
    };
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static ObjectView fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    List<SignatureCheck> signatures = new ArrayList<>();
    for (JsonFields s : f.optionalObjects("signatures")) {
      signatures.add(signature(s));
    }
    return new ObjectView(
        f.string("id"),
        f.optionalString("collection"),
        f.optionalObject("object").map(o -> StixObject.from(o.json())),
        signatures,
        stix(f, "notes"),
        stix(f, "opinions"),
        stix(f, "sightings"),
        Consensus.read(f.object("consensus")),
        f.optionalObject("dispute").map(Dispute::read),
        f.optionalObject("standing").map(StandingView::read));
  }

  private static SignatureCheck signature(JsonFields f) {
    String modified = f.string("modified");
    String result = f.string("result");
    return switch (result) {
      case "valid" -> new SignatureCheck.Valid(modified, f.string("member"), f.string("key_id"));
      case "unsigned" -> new SignatureCheck.Unsigned(modified);
      case "unknown-key" ->
          new SignatureCheck.UnknownKey(modified, f.string("key_id"), f.string("reason"));
      case "invalid" -> new SignatureCheck.Invalid(modified, f.string("reason"));
      default ->
          throw f.invalid(
              "result", "'" + result + "' is not valid, unsigned, unknown-key or invalid");
    };
  }

  private static List<StixObject> stix(JsonFields f, String name) {
    List<StixObject> out = new ArrayList<>();
    for (JsonFields o : f.objects(name)) {
      out.add(StixObject.from(o.json()));
    }
    return out;
  }

  private static JsonArray objects(List<StixObject> values) {
    return new JsonArray(values.stream().map(v -> (JsonValue) v.json()).toList());
  }

  private static JsonArray strings(List<String> values) {
    return new JsonArray(
        values.stream().map(v -> (JsonValue) new org.wuzhen.stix.JsonString(v)).toList());
  }
}
