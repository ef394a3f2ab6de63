package org.wuzhen.taxii;

import org.wuzhen.store.CollectionId;
import org.wuzhen.store.StoredObject;

/**
 * Decides whether a caller may see one stored object version that its collection permission would
 * otherwise show. Applied by the server to every content endpoint (objects, one object, versions,
 * manifest), so no read path can bypass it. The object always carries its JSON text.
 */
@FunctionalInterface
public interface ReadFilter {
  boolean visible(Principal caller, CollectionId collection, StoredObject object);
}
