package org.wuzhen.taxii;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.StoredObject;

/**
 * Decides whether a caller may see one stored object version that its collection permission would
 * otherwise show. Part of the one read decision ({@link ObjectReader}) that every TAXII content
 * endpoint and every {@code /wuzhen/} route reads through, so no read path can bypass it. The
 * object always carries its JSON text.
 */
@FunctionalInterface
public interface ReadFilter {
  boolean visible(Caller caller, CollectionId collection, StoredObject object);

  /**
   * Whether this filter may withhold anything from this caller. A filter that never judges a caller
   * (a peer's export policy and this node's own users) says so, and that caller's reads skip it;
   * what has no content left to judge (the log leaves of a deleted version) is shown only to
   * callers no filter judges. By default every caller is judged.
   */
  default boolean judges(Caller caller) {
    return true;
  }

  /**
   * The visible objects of a page, in order. The server judges pages through this method; a filter
   * that can decide a page at once (one store query instead of one per object) overrides it, and
   * must agree with {@link #visible(Caller, CollectionId, StoredObject)}.
   */
  default List<StoredObject> visibleOf(
      Caller caller, CollectionId collection, List<StoredObject> objects) {
    List<StoredObject> out = new ArrayList<>(objects.size());
    for (StoredObject o : objects) {
      if (visible(caller, collection, o)) {
        out.add(o);
      }
    }
    return out;
  }
}
