package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A TAXII object filter (§3.5): every list is an OR of its values (empty = no constraint), the
 * filters are ANDed.
 *
 * @param addedAfterMicros only versions added strictly after this
 * @param ids match[id]
 * @param types match[type]
 * @param versions match[version]
 * @param specVersions match[spec_version]; empty means the latest spec_version of each object
 * @param limit at most this many results (positive)
 * @param after continue after this position (the previous page's cursor)
 * @param withJson false for manifests: results carry no JSON text
 */
public record ObjectQuery(
    Optional<Long> addedAfterMicros,
    List<String> ids,
    List<String> types,
    VersionSelection versions,
    List<String> specVersions,
    int limit,
    Optional<PageCursor> after,
    boolean withJson) {
  public ObjectQuery {
    requireNonNull(addedAfterMicros, "addedAfterMicros");
    ids = List.copyOf(ids);
    types = List.copyOf(types);
    requireNonNull(versions, "versions");
    specVersions = List.copyOf(specVersions);
    requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }

  /** Everything, latest versions, with JSON, in pages of {@code limit}. */
  public static ObjectQuery latest(int limit) {
    return new ObjectQuery(
        Optional.empty(),
        List.of(),
        List.of(),
        VersionSelection.LAST,
        List.of(),
        limit,
        Optional.empty(),
        true);
  }

  /** The latest version of one object, with JSON or (for an existence check) without. */
  public static ObjectQuery latestOf(String id, boolean withJson) {
    return new ObjectQuery(
        Optional.empty(),
        List.of(id),
        List.of(),
        VersionSelection.LAST,
        List.of(),
        1,
        Optional.empty(),
        withJson);
  }
}
