package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.LogStore;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.StoredObject;

/**
 * The one read decision of a node: the caller's collection permissions, then every {@link
 * ReadFilter} the node's parts added, per object version. The TAXII content endpoints and every
 * extension route read stored objects and log leaves only through the {@link ObjectReader} this
 * gives them, bound to the request's caller. Thread-safe.
 */
final class ReadDecision {
  private final ObjectStore objects;
  private final LogStore log;
  private final Lookup lookup;
  private final List<ReadFilter> filters;

  ReadDecision(ObjectStore objects, LogStore log, Lookup lookup, List<ReadFilter> filters) {
    this.objects = requireNonNull(objects, "objects");
    this.log = requireNonNull(log, "log");
    this.lookup = requireNonNull(lookup, "lookup");
    this.filters = List.copyOf(filters);
  }

  /** What {@code caller} may read; an anonymous caller (a public route) reads nothing. */
  ObjectReader reader(Optional<Caller> caller) {
    return new ObjectReader(this, caller);
  }

  ObjectStore objects() {
    return objects;
  }

  LogStore log() {
    return log;
  }

  boolean mayRead(Caller caller, CollectionId collection) {
    return lookup.mayRead(caller, collection);
  }

  /** Whether any filter may withhold something from this caller (then content must be judged). */
  boolean judges(Caller caller) {
    for (ReadFilter f : filters) {
      if (f.judges(caller)) {
        return true;
      }
    }
    return false;
  }

  /** The versions every filter lets the caller see, in order; each carries its JSON. */
  List<StoredObject> filter(Caller caller, CollectionId collection, List<StoredObject> versions) {
    List<StoredObject> visible = versions;
    for (ReadFilter f : filters) {
      if (visible.isEmpty()) {
        break;
      }
      if (f.judges(caller)) {
        visible = f.visibleOf(caller, collection, visible);
      }
    }
    return visible;
  }
}
