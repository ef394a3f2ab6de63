package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.wuzhen.store.CollectionId;

/**
 * How a node runs its community's governance.
 *
 * @param collection where proposals, votes and charter versions live
 * @param governed collections whose publishing the charter rules; empty means every collection (the
 *     governance collection is always governed)
 * @param authenticity the signature check (see {@link Authenticity})
 * @param clock the node's time; tests pass a controllable one
 * @param closeEvery how often a running node closes proposals whose consultation ended; empty: only
 *     when {@link Governance#closeDue()} is called
 */
public record GovernanceSettings(
    CollectionId collection,
    List<CollectionId> governed,
    Authenticity authenticity,
    Clock clock,
    Optional<Duration> closeEvery) {
  public GovernanceSettings {
    requireNonNull(collection, "collection");
    governed = List.copyOf(governed);
    requireNonNull(authenticity, "authenticity");
    requireNonNull(clock, "clock");
    requireNonNull(closeEvery, "closeEvery");
    closeEvery.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("closeEvery: not positive: " + d);
          }
        });
  }

  /** Settings without a closing timer. */
  public GovernanceSettings(
      CollectionId collection,
      List<CollectionId> governed,
      Authenticity authenticity,
      Clock clock) {
    this(collection, governed, authenticity, clock, Optional.empty());
  }

  public boolean governs(CollectionId c) {
    return c.equals(collection) || governed.isEmpty() || governed.contains(c);
  }
}
