package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import org.wuzhen.store.CollectionId;

/**
 * How a node runs its community's governance.
 *
 * @param collection where proposals, votes and charter versions live
 * @param governed collections whose publishing the charter rules; empty means every collection (the
 *     governance collection is always governed)
 * @param authenticity the signature check (see {@link Authenticity})
 * @param clock the node's time; tests pass a controllable one
 */
public record GovernanceSettings(
    CollectionId collection, List<CollectionId> governed, Authenticity authenticity, Clock clock) {
  public GovernanceSettings {
    requireNonNull(collection, "collection");
    governed = List.copyOf(governed);
    requireNonNull(authenticity, "authenticity");
    requireNonNull(clock, "clock");
  }

  public boolean governs(CollectionId c) {
    return c.equals(collection) || governed.isEmpty() || governed.contains(c);
  }
}
