package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/** One hit of a {@link TextQuery}: the latest version of an object, and where it is stored. */
public record TextMatch(CollectionId collection, StoredObject object) {
  public TextMatch {
    requireNonNull(collection, "collection");
    requireNonNull(object, "object");
  }
}
