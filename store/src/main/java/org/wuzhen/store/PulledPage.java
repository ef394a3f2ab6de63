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
 * @param receivedJson each object's JSON text exactly as the peer sent it, in the order of {@code
 *     objects}, stored as is; empty to store each object's own serialisation
 */
public record PulledPage(
    CollectionId collection,
    List<StixObject> objects,
    List<String> receivedJson,
    SyncCursor cursor) {
  public PulledPage {
    requireNonNull(collection, "collection");
    objects = List.copyOf(objects);
    receivedJson = List.copyOf(receivedJson);
    requireNonNull(cursor, "cursor");
    if (!receivedJson.isEmpty() && receivedJson.size() != objects.size()) {
      throw new IllegalArgumentException(
          "receivedJson: "
              + receivedJson.size()
              + " texts for "
              + objects.size()
              + " objects; give one per object or none");
    }
  }

  public PulledPage(CollectionId collection, List<StixObject> objects, SyncCursor cursor) {
    this(collection, objects, List.of(), cursor);
  }
}
