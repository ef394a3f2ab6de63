package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A TAXII status resource (§4.3). Counts always add up: total = success + failure + pending.
 *
 * @param requestTimestamp when the POST was received
 */
public record StatusRecord(
    String id,
    Instant requestTimestamp,
    List<Detail> successes,
    List<Detail> failures,
    List<Detail> pendings) {

  /** One object's outcome; {@code message} says why it failed. */
  public record Detail(String id, Optional<String> version, Optional<String> message) {
    public Detail {
      requireNonNull(id, "id");
      requireNonNull(version, "version");
      requireNonNull(message, "message");
    }
  }

  public StatusRecord {
    requireNonNull(id, "id");
    requireNonNull(requestTimestamp, "requestTimestamp");
    successes = List.copyOf(successes);
    failures = List.copyOf(failures);
    pendings = List.copyOf(pendings);
  }

  public int total() {
    return successes.size() + failures.size() + pendings.size();
  }

  /** {@code complete} when nothing is pending, else {@code pending}. */
  public String status() {
    return pendings.isEmpty() ? "complete" : "pending";
  }
}
