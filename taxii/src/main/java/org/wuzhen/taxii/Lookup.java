package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectStore;

/**
 * Resolves the API root and collection a request names and what the caller may do with it, or
 * answers 404. A collection's description is read at most once per {@link AccountCache#TTL} (every
 * request names one). Thread-safe.
 */
final class Lookup {
  private final TaxiiConfig config;
  private final ObjectStore objects;
  private final AccountStore accounts;
  private final LoadingCache<CollectionId, Optional<CollectionInfo>> collections;

  Lookup(TaxiiConfig config, ObjectStore objects, AccountStore accounts) {
    this.config = requireNonNull(config, "config");
    this.objects = requireNonNull(objects, "objects");
    this.accounts = requireNonNull(accounts, "accounts");
    this.collections =
        Caffeine.newBuilder()
            .expireAfterWrite(AccountCache.TTL)
            .maximumSize(10_000)
            .executor(Runnable::run)
            .build(objects::collection);
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
    CollectionInfo info = collections.get(id).orElseThrow(() -> missing);
    CollectionAccess access = CollectionAccess.of(accounts, info, call.authenticated().caller());
    if (!access.visible()) {
      throw missing;
    }
    return access;
  }

  /** What the caller may do with a collection, when it exists. */
  Optional<CollectionAccess> access(Caller caller, CollectionId id) {
    return collections.get(id).map(info -> CollectionAccess.of(accounts, info, caller));
  }

  /** Whether the caller may read a collection that exists. */
  boolean mayRead(Caller caller, CollectionId id) {
    return collections
        .get(id)
        .map(info -> CollectionAccess.of(accounts, info, caller).canRead())
        .orElse(false);
  }

  /** Every collection the caller can read or write, in the store's order. */
  List<CollectionAccess> visibleCollections(Call call) {
    List<CollectionAccess> visible = new ArrayList<>();
    for (CollectionInfo info : objects.collections()) {
      CollectionAccess access = CollectionAccess.of(accounts, info, call.authenticated().caller());
      if (access.visible()) {
        visible.add(access);
      }
    }
    return visible;
  }
}
