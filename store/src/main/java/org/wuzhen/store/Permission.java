package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * What one principal may do on one collection. A principal is a whole member ({@code member:NAME})
 * or one user ({@code user:NAME}); a user may what its member may plus what it is granted itself.
 */
public record Permission(
    CollectionId collection, String principal, boolean canRead, boolean canWrite) {
  public Permission {
    requireNonNull(collection, "collection");
    requireNonNull(principal, "principal");
    if (!principal.startsWith("member:") && !principal.startsWith("user:")) {
      throw new IllegalArgumentException(
          "principal must be member:NAME or user:NAME, was '" + principal + "'");
    }
  }
}
