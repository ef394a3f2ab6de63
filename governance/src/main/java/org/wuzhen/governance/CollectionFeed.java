package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.PageCursor;
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

  /** Object versions added to {@code collection} since the previous call. */
  List<StixObject> next(CollectionId collection) {
    List<StixObject> out = new ArrayList<>();
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
        stored.json().ifPresent(text -> out.add(StixObject.parse(text)));
      }
      if (!page.more()) {
        return out;
      }
    }
  }
}
