package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * What pulling from one peer has done since this node started: when it last tried, succeeded and
 * was caught up (the peer had nothing more), the counts of objects added, already present, invalid
 * (skipped), our own coming back (ignored) and new versions refused because another origin created
 * the object ({@code not_creator}), the failures and the last error.
 *
 * @param consecutiveFailures failures since the last success; drives the backoff
 * @param log what the last round found of the peer's transparency log; a flagged peer is not pulled
 *     from
 */
public record PeerStatus(
    String peer,
    Optional<Instant> lastAttempt,
    Optional<Instant> lastSuccess,
    Optional<Instant> caughtUp,
    long added,
    long duplicates,
    long invalid,
    long ownReturned,
    long notCreator,
    long failures,
    int consecutiveFailures,
    Optional<String> lastError,
    Optional<Instant> nextAttempt,
    PeerLog log) {

  public PeerStatus {
    requireNonNull(peer, "peer");
    requireNonNull(lastAttempt, "lastAttempt");
    requireNonNull(lastSuccess, "lastSuccess");
    requireNonNull(caughtUp, "caughtUp");
    requireNonNull(lastError, "lastError");
    requireNonNull(nextAttempt, "nextAttempt");
    requireNonNull(log, "log");
  }

  static PeerStatus initial(String peer) {
    return new PeerStatus(
        peer,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        new PeerLog.Unchecked());
  }

  /**
   * How far behind the peer this node may be: the time since it was last caught up (everything the
   * peer offered then was applied); empty until it first was.
   */
  public Optional<Duration> lag(Instant now) {
    return caughtUp.map(t -> now.isAfter(t) ? Duration.between(t, now) : Duration.ZERO);
  }

  PeerStatus attempted(Instant at) {
    return new PeerStatus(
        peer,
        Optional.of(at),
        lastSuccess,
        caughtUp,
        added,
        duplicates,
        invalid,
        ownReturned,
        notCreator,
        failures,
        consecutiveFailures,
        lastError,
        nextAttempt,
        log);
  }

  PeerStatus counted(
      long newAdded, long newDuplicates, long newInvalid, long newOwn, long newNotCreator) {
    return new PeerStatus(
        peer,
        lastAttempt,
        lastSuccess,
        caughtUp,
        added + newAdded,
        duplicates + newDuplicates,
        invalid + newInvalid,
        ownReturned + newOwn,
        notCreator + newNotCreator,
        failures,
        consecutiveFailures,
        lastError,
        nextAttempt,
        log);
  }

  PeerStatus succeeded(Instant at, boolean complete, Instant next) {
    return new PeerStatus(
        peer,
        lastAttempt,
        Optional.of(at),
        complete ? Optional.of(at) : caughtUp,
        added,
        duplicates,
        invalid,
        ownReturned,
        notCreator,
        failures,
        0,
        lastError,
        Optional.of(next),
        log);
  }

  PeerStatus failed(String error, Instant next) {
    return new PeerStatus(
        peer,
        lastAttempt,
        lastSuccess,
        caughtUp,
        added,
        duplicates,
        invalid,
        ownReturned,
        notCreator,
        failures + 1,
        consecutiveFailures + 1,
        Optional.of(error),
        Optional.of(next),
        log);
  }

  /** With the log as this round found it. */
  PeerStatus withLog(PeerLog found) {
    return with(nextAttempt, found);
  }

  /** Not pulled this round, because the peer is flagged; checked again at {@code next}. */
  PeerStatus held(PeerLog.Flagged flag, Instant next) {
    return with(Optional.of(next), flag);
  }

  private PeerStatus with(Optional<Instant> next, PeerLog found) {
    return new PeerStatus(
        peer,
        lastAttempt,
        lastSuccess,
        caughtUp,
        added,
        duplicates,
        invalid,
        ownReturned,
        notCreator,
        failures,
        consecutiveFailures,
        lastError,
        next,
        found);
  }

  /** Whether objects are pulled from this peer: not while its log is flagged. */
  public boolean pulling() {
    return !(log instanceof PeerLog.Flagged);
  }

  /** The status as the {@code /wuzhen/peers/} route shows it. */
  JsonObject toJson(Instant now) {
    return JsonObject.builder()
        .put("peer", peer)
        .put("last_attempt", time(lastAttempt))
        .put("last_success", time(lastSuccess))
        .put("caught_up", time(caughtUp))
        .put(
            "lag_ms",
            lag(now)
                .<JsonValue>map(d -> org.wuzhen.stix.JsonNumber.of(d.toMillis()))
                .orElse(JsonNull.INSTANCE))
        .put("added", added)
        .put("duplicates", duplicates)
        .put("invalid", invalid)
        .put("own_returned", ownReturned)
        .put("not_creator", notCreator)
        .put("failures", failures)
        .put("consecutive_failures", consecutiveFailures)
        .put("last_error", lastError.<JsonValue>map(JsonString::new).orElse(JsonNull.INSTANCE))
        .put("next_attempt", time(nextAttempt))
        .put("pulling", pulling())
        .put(
            "flag",
            log instanceof PeerLog.Flagged f
                ? new JsonString(f.message())
                : (JsonValue) JsonNull.INSTANCE)
        .put("log", PeerLog.toJson(log))
        .build();
  }

  private static JsonValue time(Optional<Instant> t) {
    return t.<JsonValue>map(i -> new JsonString(i.toString())).orElse(JsonNull.INSTANCE);
  }

  /**
   * Reads a status as {@link #toJson} writes it; the members it derives ({@code lag_ms}, {@code
   * pulling}, {@code flag}) follow from the others.
   *
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  static PeerStatus fromJson(JsonFields f) {
    long consecutive = f.integer("consecutive_failures");
    if (consecutive > Integer.MAX_VALUE) {
      throw f.invalid("consecutive_failures", "too large: " + consecutive);
    }
    return new PeerStatus(
        f.string("peer"),
        time(f, "last_attempt"),
        time(f, "last_success"),
        time(f, "caught_up"),
        f.integer("added"),
        f.integer("duplicates"),
        f.integer("invalid"),
        f.integer("own_returned"),
        // Absent from nodes older than the creator rule.
        f.optionalInteger("not_creator").orElse(0L),
        f.integer("failures"),
        (int) consecutive,
        f.optionalString("last_error"),
        time(f, "next_attempt"),
        PeerLog.fromJson(f.value("log"), f.path("log")));
  }

  private static Optional<Instant> time(JsonFields f, String name) {
    return f.optionalString(name).map(t -> PeerLog.parseInstant(f, name, t));
  }
}
