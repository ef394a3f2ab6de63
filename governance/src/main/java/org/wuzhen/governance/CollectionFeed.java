package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.JsonText;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;

/**
 * Reads what was added to collections since the last read, every version, in date_added order: the
 * governance state follows the store incrementally instead of rereading it. Not thread-safe; its
 * owner synchronises.
 */
final class CollectionFeed {
  private static final int PAGE = 1000;

  private final ObjectStore store;
  private final List<String> types;
  private final Map<CollectionId, PageCursor> positions = new HashMap<>();

  CollectionFeed(ObjectStore store, List<String> types) {
    this.store = store;
    this.types = List.copyOf(types);
  }

  /**
   * One version read: the stored version without its JSON (kept once, parsed) and the object. What
   * a route shows of it passes the caller's read decision with {@link #stored()}.
   */
  record Read(StoredObject version, StixObject object) {
    /** The stored version with the object's JSON, for the read decision to judge. */
    StoredObject stored() {
      return new StoredObject(
          version.id(),
          version.type(),
          version.version(),
          version.versionMicros(),
          version.dateAddedMicros(),
          version.specVersion(),
          Optional.of(JsonText.of(Json.write(object.json()))));
    }
  }

  /** Object versions added to {@code collection} since the previous call. */
  List<Read> next(CollectionId collection) {
    List<Read> out = new ArrayList<>();
    while (true) {
      Optional<PageCursor> after = Optional.ofNullable(positions.get(collection));
      ObjectPage page =
          store.query(
              collection,
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  types,
                  VersionSelection.ALL,
                  List.of(),
                  PAGE,
                  after,
                  true));
      for (var stored : page.objects()) {
        positions.put(
            collection,
            new PageCursor(stored.dateAddedMicros(), stored.id(), stored.versionMicros()));
        stored
            .json()
            .ifPresent(
                text ->
                    out.add(
                        new Read(
                            new StoredObject(
                                stored.id(),
                                stored.type(),
                                stored.version(),
                                stored.versionMicros(),
                                stored.dateAddedMicros(),
                                stored.specVersion(),
                                Optional.empty()),
                            StixObject.parse(text))));
      }
      if (!page.more()) {
        return out;
      }
    }
  }
}
