package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One stored object version with the collection that holds it, as a full audit reads them all.
 *
 * @param collection empty when the row's collection key names no collection (a damaged store)
 */
public record StoredVersion(Optional<CollectionId> collection, StoredObject object) {
  public StoredVersion {
    requireNonNull(collection, "collection");
    requireNonNull(object, "object");
  }
}
