package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * Which relationships {@link ObjectStore#relationships(java.util.List, RelationshipQuery)} reads:
 * the latest versions of those with one of {@code objectIds} at the chosen end, of the chosen
 * {@code relationship_type}s, newest first.
 *
 * @param objectIds the objects the relationships touch (1 to {@value #MAX_IDS})
 * @param end at which end of a relationship one of them must be
 * @param types only these {@code relationship_type}s (empty: any, also none)
 * @param limit at most this many relationships (1 to 1,000)
 * @param before continue below this {@code date_added} (the previous page's {@link Hits#next()})
 */
public record RelationshipQuery(
    Set<String> objectIds, End end, Set<String> types, int limit, Optional<Long> before) {
  /** Ids one query may name: the ATT&CK Enterprise matrix has about 700 techniques. */
  public static final int MAX_IDS = 2_000;

  /** Where on a relationship an object is. */
  public enum End {
    /** its {@code source_ref} */
    SOURCE,
    /** its {@code target_ref} */
    TARGET,
    /** either */
    EITHER
  }

  public RelationshipQuery {
    objectIds = Set.copyOf(objectIds);
    requireNonNull(end, "end");
    types = Set.copyOf(types);
    requireNonNull(before, "before");
    if (objectIds.isEmpty() || objectIds.size() > MAX_IDS) {
      throw new IllegalArgumentException(
          "objectIds: 1 to " + MAX_IDS + " ids, was " + objectIds.size());
    }
    if (limit < 1 || limit > 1_000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
    }
  }

  /** Every relationship from or to one object, as the object page lists them. */
  public static RelationshipQuery of(String objectId, int limit, Optional<Long> before) {
    return new RelationshipQuery(Set.of(objectId), End.EITHER, Set.of(), limit, before);
  }

  /** The next page of the same relationships, below {@code position}. */
  public RelationshipQuery below(long position) {
    return new RelationshipQuery(objectIds, end, types, limit, Optional.of(position));
  }
}
