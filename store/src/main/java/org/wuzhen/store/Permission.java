package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * What one principal may do on one collection: a user may what its member may plus what it is
 * granted itself.
 */
public record Permission(
    CollectionId collection, Principal principal, boolean canRead, boolean canWrite) {
  public Permission {
    requireNonNull(collection, "collection");
    requireNonNull(principal, "principal");
  }
}
