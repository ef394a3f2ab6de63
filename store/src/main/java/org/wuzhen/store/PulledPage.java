package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.stix.StixObject;

/**
 * One page pulled from a peer, applied in one transaction: its objects go into a local collection,
 * each version gets a {@link Provenance} (the cursor's peer and remote collection, received at the
 * cursor's time), and the cursor moves past the page. A crash leaves all of it or none of it.
 *
 * @param objects validated objects; may be empty (a page of skipped objects still moves the cursor)
 */
public record PulledPage(CollectionId collection, List<StixObject> objects, SyncCursor cursor) {
  public PulledPage {
    requireNonNull(collection, "collection");
    objects = List.copyOf(objects);
    requireNonNull(cursor, "cursor");
  }
}
