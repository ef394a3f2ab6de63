package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Store;

/** Resolves the API root and collection a request names, or answers 404. */
final class Lookup {
  private final TaxiiConfig config;
  private final Store store;

  Lookup(TaxiiConfig config, Store store) {
    this.config = requireNonNull(config, "config");
    this.store = requireNonNull(store, "store");
  }

  TaxiiConfig.ApiRoot apiRoot(Call call) {
    String name = call.pathParam("root");
    return config
        .apiRoot(name)
        .orElseThrow(() -> TaxiiError.notFound("no API root '" + name + "' on this server"));
  }

  /** The collection of the request, visible to the caller. */
  CollectionAccess collection(Call call) {
    TaxiiConfig.ApiRoot root = apiRoot(call);
    String text = call.pathParam("collection");
    TaxiiError missing =
        TaxiiError.notFound("no collection '" + text + "' in API root '" + root.name() + "'");
    CollectionId id;
    try {
      id = CollectionId.parse(text);
    } catch (IllegalArgumentException e) {
      throw missing;
    }
    CollectionInfo info = store.collection(id).orElseThrow(() -> missing);
    CollectionAccess access = CollectionAccess.of(store, info, call.authenticated());
    if (!access.visible()) {
      throw missing;
    }
    return access;
  }
}
