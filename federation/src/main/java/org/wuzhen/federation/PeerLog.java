package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.transparency.TreeHead;

/**
 * What this node knows of a peer's transparency log after the last round (docs/federation.md, "Tree
 * heads"): not checked yet, no log (a plain TAXII server), a verified head, a check that could not
 * be made, or a flag (the peer's log was found inconsistent; pulling from it stops).
 */
public sealed interface PeerLog {
  /** No round has checked the log since this node started. */
  record Unchecked() implements PeerLog {}

  /** The peer serves no {@code /wuzhen/log/}: any TAXII 2.1 server; not an error. */
  record NoLog() implements PeerLog {}

  /**
   * The peer's latest head verified: signed by its pinned key and consistent with the last head
   * this node accepted from it.
   *
   * @param witnessProblem why the peer's witnessed heads could not be cross-checked, if so
   */
  record Verified(TreeHead head, Instant checked, Optional<String> witnessProblem)
      implements PeerLog {
    public Verified {
      requireNonNull(head, "head");
      requireNonNull(checked, "checked");
      requireNonNull(witnessProblem, "witnessProblem");
    }
  }

  /** The head could not be checked this round (unreachable, malformed answer); retried. */
  record Unverified(String error, Instant checked) implements PeerLog {
    public Unverified {
      requireNonNull(error, "error");
      requireNonNull(checked, "checked");
    }
  }

  /** The peer's log was found inconsistent; kept until an operator clears it. */
  record Flagged(String message, Instant flagged) implements PeerLog {
    public Flagged {
      requireNonNull(message, "message");
      requireNonNull(flagged, "flagged");
    }
  }

  /** As the {@code log} member of {@code GET /wuzhen/peers/}. */
  static JsonObject toJson(PeerLog log) {
    return switch (log) {
      case Unchecked u -> JsonObject.builder().put("state", "unchecked").build();
      case NoLog n -> JsonObject.builder().put("state", "none").build();
      case Verified v ->
          JsonObject.builder()
              .put("state", "verified")
              .put("head", v.head().toJson())
              .put("checked", v.checked().toString())
              .put(
                  "witness_error",
                  v.witnessProblem().<JsonValue>map(JsonString::new).orElse(JsonNull.INSTANCE))
              .build();
      case Unverified u ->
          JsonObject.builder()
              .put("state", "unverified")
              .put("error", u.error())
              .put("checked", u.checked().toString())
              .build();
      case Flagged f ->
          JsonObject.builder()
              .put("state", "flagged")
              .put("flag", f.message())
              .put("flagged", f.flagged().toString())
              .build();
    };
  }

  /**
   * Reads the {@code log} member of {@code GET /wuzhen/peers/} back.
   *
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  static PeerLog fromJson(JsonValue json, String at) {
    JsonFields f = JsonFields.of(json, at);
    String state = f.string("state");
    return switch (state) {
      case "unchecked" -> new Unchecked();
      case "none" -> new NoLog();
      case "verified" ->
          new Verified(
              TreeHead.fromJson(f.value("head")),
              instant(f, "checked"),
              f.optionalString("witness_error"));
      case "unverified" -> new Unverified(f.string("error"), instant(f, "checked"));
      case "flagged" -> new Flagged(f.string("flag"), instant(f, "flagged"));
      default ->
          throw f.invalid(
              "state", "'" + state + "' is not unchecked, none, verified, unverified or flagged");
    };
  }

  /** An instant as {@link Instant#toString} writes it. */
  static Instant instant(JsonFields f, String name) {
    return parseInstant(f, name, f.string(name));
  }

  static Instant parseInstant(JsonFields f, String name, String text) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw f.invalid(name, "not an instant: '" + text + "'");
    }
  }
}
