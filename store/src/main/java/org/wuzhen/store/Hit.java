package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * The latest version of an object and the collection it is stored in: one answer of a search across
 * collections ({@link ObjectStore#search}, {@link ObjectStore#recent}).
 */
public record Hit(CollectionId collection, StoredObject object) {
  public Hit {
    requireNonNull(collection, "collection");
    requireNonNull(object, "object");
  }
}
