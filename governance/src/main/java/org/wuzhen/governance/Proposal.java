package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A proposal as parsed at the boundary: who opened it, when, under which charter version, until
 * when members may vote, and the patch it would apply.
 */
public record Proposal(
    String id,
    String proposerRef,
    String title,
    Optional<String> description,
    int charterVersion,
    Instant opened,
    Instant closes,
    CharterPatch patch) {
  public Proposal {
    requireNonNull(id, "id");
    requireNonNull(proposerRef, "proposerRef");
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(opened, "opened");
    requireNonNull(closes, "closes");
    requireNonNull(patch, "patch");
    if (!closes.isAfter(opened)) {
      throw new GovernanceException("closes: " + closes + " is not after the opening " + opened);
    }
  }

  /** Votes count while this is true: from the opening up to, not including, the close. */
  public boolean openAt(Instant t) {
    return t.isBefore(closes);
  }
}
