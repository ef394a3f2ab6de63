package org.wuzhen.governance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.stix.CanonicalJson;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixBundle;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * Proposals, votes and charter versions as STIX 2.1 custom objects whose data sits in one property
 * extension (§7.3) under a fixed extension-definition id, so any STIX tool can carry and read them.
 * Parsing turns them into {@link Proposal}, {@link Vote} and {@link Charter} or fails naming the
 * property.
 */
public final class GovernanceStix {
  public static final String EXTENSION_ID =
      "extension-definition--926e60ec-1bdf-44e5-8c66-036e37f6d968";
  public static final String PROPOSAL = "x-wuzhen-proposal";
  public static final String VOTE = "x-wuzhen-vote";
  public static final String CHARTER = "x-wuzhen-charter";

  /** UUIDv5 namespace of the ids every node must compute alike (charter versions). */
  static final UUID NAMESPACE = UUID.fromString("5d3e4510-8111-4eb5-8896-efc8599710f4");

  private static final String RESOURCE = "wuzhen-governance-extension.json";

  private GovernanceStix() {}

  /** The published extension definition and the identity that created it. */
  public static List<StixObject> extensionDefinition() {
    try (InputStream in = GovernanceStix.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + RESOURCE);
      }
      return StixBundle.parse(in.readAllBytes()).objects();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- writing ----

  public static StixObject proposalObject(
      String id,
      String proposerRef,
      String title,
      Optional<String> description,
      CharterPatch patch,
      Charter inForce,
      Instant opened) {
    JsonObject.Builder data =
        JsonObject.builder().put("extension_type", "property-extension").put("title", title);
    description.ifPresent(d -> data.put("description", d));
    data.put("charter_version", inForce.version())
        .put("closes", stamp(opened.plus(inForce.consultationPeriod())))
        .put("patch", patch.toJson());
    return object(PROPOSAL, id, Optional.of(proposerRef), opened, opened, data.build());
  }

  public static StixObject voteObject(
      String id, String voterRef, String proposalRef, Vote.Choice choice, Instant at) {
    JsonObject data =
        JsonObject.builder()
            .put("extension_type", "property-extension")
            .put("proposal_ref", proposalRef)
            .put("choice", choice.word())
            .build();
    return object(VOTE, id, Optional.of(voterRef), at, at, data);
  }

  /**
   * A charter version as a STIX object. Its id is a UUIDv5 over the proposal that produced it (over
   * the founding data for version 1), and its timestamps are the adoption time, so every node that
   * tallies the same votes writes the very same object.
   */
  public static StixObject charterObject(Charter charter) {
    JsonObject.Builder data =
        JsonObject.builder()
            .put("extension_type", "property-extension")
            .put("version", charter.version())
            .put("adopted", stamp(charter.adopted()));
    charter.proposalRef().ifPresent(p -> data.put("proposal_ref", p));
    data.put(
        "members",
        new JsonArray(charter.members().stream().map(m -> (JsonValue) m.toJson()).toList()));
    JsonObject.Builder rules = JsonObject.builder();
    charter.rules().forEach((rule, value) -> rules.put(rule.ruleName(), value.toJson()));
    data.put("rules", rules.build());
    JsonObject built = data.build();
    String name = charter.proposalRef().orElseGet(() -> "founding:" + CanonicalJson.write(built));
    String id = CHARTER + "--" + ScoIds.uuidV5(NAMESPACE, name);
    return object(CHARTER, id, Optional.empty(), charter.adopted(), charter.adopted(), built);
  }

  /** The label of the note that carries a false-positive report's reason. */
  public static final String FALSE_POSITIVE_LABEL = Dialogue.FALSE_POSITIVE;

  /**
   * A false-positive report as standard STIX any platform reads: an opinion (strongly-disagree,
   * explanation = the reason) and a note labelled {@code false-positive} with the reason, both
   * naming the object.
   */
  public static List<StixObject> falsePositiveReport(
      String by, String objectId, String reason, Instant at) {
    return falsePositiveReport(by, objectId, reason, at, newId("opinion"), newId("note"));
  }

  /**
   * The same report with the ids given, for importers that must write the same report again with
   * the same ids (a MISP false-positive sighting imported twice is one report).
   */
  public static List<StixObject> falsePositiveReport(
      String by, String objectId, String reason, Instant at, String opinionId, String noteId) {
    String t = stamp(at);
    JsonArray refs = new JsonArray(List.of(new JsonString(objectId)));
    StixObject opinion =
        StixObject.from(
            JsonObject.builder()
                .put("type", "opinion")
                .put("spec_version", "2.1")
                .put("id", opinionId)
                .put("created_by_ref", by)
                .put("created", t)
                .put("modified", t)
                .put("explanation", reason)
                .put("opinion", "strongly-disagree")
                .put("object_refs", refs)
                .build());
    StixObject note =
        StixObject.from(
            JsonObject.builder()
                .put("type", "note")
                .put("spec_version", "2.1")
                .put("id", noteId)
                .put("created_by_ref", by)
                .put("created", t)
                .put("modified", t)
                .put("abstract", "false positive")
                .put("content", reason)
                .put("labels", new JsonArray(List.of(new JsonString(Dialogue.FALSE_POSITIVE))))
                .put("object_refs", refs)
                .build());
    return List.of(opinion, note);
  }

  public static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }

  private static StixObject object(
      String type,
      String id,
      Optional<String> createdBy,
      Instant created,
      Instant modified,
      JsonObject data) {
    JsonObject.Builder b =
        JsonObject.builder().put("type", type).put("spec_version", "2.1").put("id", id);
    createdBy.ifPresent(c -> b.put("created_by_ref", c));
    b.put("created", stamp(created))
        .put("modified", stamp(modified))
        .put("extensions", JsonObject.builder().put(EXTENSION_ID, data).build());
    return StixObject.from(b.build());
  }

  private static String stamp(Instant t) {
    return StixTimestamp.ofMillis(t).text();
  }

  // ---- reading ----

  public static Proposal proposal(StixObject o) {
    JsonObject data = data(o, PROPOSAL);
    String where = o.id() + " extensions." + EXTENSION_ID;
    CharterPatch patch =
        CharterPatch.parse(
            data.get("patch")
                .orElseThrow(() -> new GovernanceException(where + ".patch: missing")));
    return new Proposal(
        o.id().toString(),
        createdBy(o),
        text(data, "title", where),
        data.string("description"),
        (int) whole(data, "charter_version", where),
        timestamp(o.json(), "created", o.id().toString()),
        timestamp(data, "closes", where),
        patch);
  }

  public static Vote vote(StixObject o) {
    JsonObject data = data(o, VOTE);
    String where = o.id() + " extensions." + EXTENSION_ID;
    String proposalRef = text(data, "proposal_ref", where);
    if (!proposalRef.startsWith(PROPOSAL + "--")) {
      throw new GovernanceException(
          where + ".proposal_ref: '" + proposalRef + "' is not a proposal id");
    }
    return new Vote(
        o.id().toString(),
        createdBy(o),
        proposalRef,
        Vote.Choice.parse(text(data, "choice", where), where + ".choice"),
        StixTimestamp.parse(
            o.json()
                .string("modified")
                .orElseThrow(() -> new GovernanceException(o.id() + ".modified: missing"))));
  }

  public static Charter charter(StixObject o) {
    JsonObject data = data(o, CHARTER);
    String where = o.id() + " extensions." + EXTENSION_ID;
    List<CharterMember> members = new ArrayList<>();
    List<JsonValue> list = data.array("members").map(JsonArray::elements).orElse(List.of());
    for (int i = 0; i < list.size(); i++) {
      members.add(CharterMember.parse(list.get(i), where + ".members[" + i + "]"));
    }
    JsonObject rulesJson =
        data.object("rules").orElseThrow(() -> new GovernanceException(where + ".rules: missing"));
    Map<CharterRule, RuleValue> rules = new EnumMap<>(CharterRule.class);
    for (String name : rulesJson.names()) {
      CharterRule rule =
          CharterRule.byName(name)
              .orElseThrow(
                  () -> new GovernanceException(where + ".rules." + name + ": unknown rule"));
      rules.put(rule, rule.parse(rulesJson.get(name).orElseThrow(), where + ".rules." + name));
    }
    // A charter written before member signatures existed keeps its meaning: unsigned objects of
    // members without keys stay acceptable, and every node reads the old version alike.
    rules.putIfAbsent(CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice(CharterRule.OPTIONAL));
    return new Charter(
        (int) whole(data, "version", where),
        timestamp(data, "adopted", where),
        data.string("proposal_ref"),
        members,
        rules);
  }

  private static JsonObject data(StixObject o, String type) {
    if (!o.type().equals(type)) {
      throw new GovernanceException(o.id() + ": expected a " + type + ", found " + o.type());
    }
    return o.json()
        .object("extensions")
        .flatMap(e -> e.object(EXTENSION_ID))
        .orElseThrow(
            () -> new GovernanceException(o.id() + ".extensions." + EXTENSION_ID + ": missing"));
  }

  private static String createdBy(StixObject o) {
    return o.createdByRef()
        .orElseThrow(() -> new GovernanceException(o.id() + ".created_by_ref: missing"));
  }

  private static String text(JsonObject o, String name, String where) {
    return o.string(name)
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () -> new GovernanceException(where + "." + name + ": missing or not a string"));
  }

  private static long whole(JsonObject o, String name, String where) {
    return o.get(name)
        .filter(JsonNumber.class::isInstance)
        .flatMap(n -> ((JsonNumber) n).asLong())
        .filter(v -> v >= 1 && v <= Integer.MAX_VALUE)
        .orElseThrow(
            () ->
                new GovernanceException(
                    where + "." + name + ": missing or not a positive whole number"));
  }

  private static Instant timestamp(JsonObject o, String name, String where) {
    String text = text(o, name, where);
    try {
      return StixTimestamp.parse(text).instant();
    } catch (StixFormatException e) {
      throw new GovernanceException(where + "." + name + ": " + e.getMessage());
    }
  }

  /** A decimal as JSON text without exponent, for the views. */
  static JsonNumber number(BigDecimal value) {
    return new JsonNumber(value.stripTrailingZeros().toPlainString());
  }
}
