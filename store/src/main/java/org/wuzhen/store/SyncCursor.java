package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where pulling one collection of one peer resumes.
 *
 * @param addedAfter the peer's {@code X-TAXII-Date-Added-Last} of the last page applied, as the
 *     peer wrote it
 * @param updated when this cursor was last saved
 */
public record SyncCursor(String peer, String remoteCollection, String addedAfter, Instant updated) {
  public SyncCursor {
    requireNonNull(peer, "peer");
    requireNonNull(remoteCollection, "remoteCollection");
    requireNonNull(addedAfter, "addedAfter");
    requireNonNull(updated, "updated");
  }
}
