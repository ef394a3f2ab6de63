package org.wuzhen.transparency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.LeafSubject;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.ObjectLogEntry;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.LeafView;

/**
 * The log's HTTP routes, all GET. Heads, keys and proofs are public: they are hashes. Leaves and
 * object entries are read through the caller's {@link org.wuzhen.taxii.ObjectReader}, the node's
 * one read decision: a leaf about something the caller may not read shows only its hash, and object
 * entries list only the versions the caller may read (docs/transparency.md, "Who sees which leaf").
 */
final class LogRoutes {
  /** Most leaves one request returns. */
  static final long MAX_LEAVES = 1000;

  private LogRoutes() {}

  static List<ExtensionRoute> of(TransparencyLog log) {
    return List.of(
        ExtensionRoute.publicGet("/wuzhen/log/head/", r -> ok(log.head().toJson())),
        ExtensionRoute.publicGet(
            "/wuzhen/log/key/",
            r ->
                ok(
                    new LogReplies.Key(
                            "Ed25519",
                            Ed25519Keys.keyId(log.publicKey()),
                            Ed25519Keys.encodePublic(log.publicKey()))
                        .toJson())),
        ExtensionRoute.publicGet("/wuzhen/log/proof/inclusion/", r -> inclusion(log, r)),
        ExtensionRoute.publicGet("/wuzhen/log/proof/consistency/", r -> consistency(log, r)),
        ExtensionRoute.get("/wuzhen/log/leaves/", r -> leaves(log, r)),
        ExtensionRoute.get("/wuzhen/log/object/", LogRoutes::object),
        ExtensionRoute.get("/wuzhen/log/version/", LogRoutes::version));
  }

  private static ExtensionReply inclusion(TransparencyLog log, ExtensionRequest r) {
    long index = longParam(r, "leaf_index");
    long size = longParam(r, "tree_size");
    List<LogHash> proof = proof(() -> log.inclusionProof(index, size));
    return ok(new LogReplies.InclusionProof(index, size, proof).toJson());
  }

  private static ExtensionReply consistency(TransparencyLog log, ExtensionRequest r) {
    long first = longParam(r, "first");
    long second = longParam(r, "second");
    List<LogHash> proof = proof(() -> log.consistencyProof(first, second));
    return ok(new LogReplies.ConsistencyProof(first, second, proof).toJson());
  }

  private static ExtensionReply leaves(TransparencyLog log, ExtensionRequest r) {
    long start = longParam(r, "start");
    long end = longParam(r, "end");
    if (end <= start) {
      throw ExtensionException.badRequest("end: " + end + " is not greater than start " + start);
    }
    if (end - start > MAX_LEAVES) {
      throw ExtensionException.badRequest(
          "end: at most " + MAX_LEAVES + " leaves per request, asked for " + (end - start));
    }
    long size = log.head().treeSize();
    if (end > size) {
      throw ExtensionException.badRequest(
          "end: " + end + " is beyond the latest signed tree size " + size);
    }
    return ok(leaves(r.reader().logLeaves(start, end)));
  }

  /** The stored versions of one object, each with the leaf that logged it and its exact JSON. */
  private static ExtensionReply object(ExtensionRequest r) {
    CollectionId collection = readableCollection(r);
    String id = r.queryParam("id").orElseThrow(() -> ExtensionException.badRequest("id: missing"));
    List<LogReplies.ObjectEntry> out = new ArrayList<>();
    for (ObjectLogEntry e : r.reader().objectLog(collection, id)) {
      out.add(
          new LogReplies.ObjectEntry(
              e.leaf().index(), e.leaf().record(), e.leaf().salt(), e.storedJson()));
    }
    return ok(new LogReplies.ObjectEntries(out).toJson());
  }

  /**
   * The leaves about one object version of the collection, found by its date_added: addition, then
   * deletion; only those the caller may read (the others are not listed, not even as hashes, so the
   * route tells nothing of versions elsewhere).
   */
  private static ExtensionReply version(ExtensionRequest r) {
    CollectionId collection = readableCollection(r);
    long dateAdded = longParam(r, "date_added");
    List<LeafView> shown = new ArrayList<>();
    for (LeafView v : r.reader().logLeavesAt(dateAdded)) {
      if (v instanceof LeafView.Shown s && about(s.leaf().subject(), collection)) {
        shown.add(v);
      }
    }
    return ok(leaves(shown));
  }

  private static boolean about(LeafSubject subject, CollectionId collection) {
    return switch (subject) {
      case LeafSubject.ObjectAdded a -> a.collection().equals(collection);
      case LeafSubject.ObjectDeleted d -> d.collection().equals(collection);
      case LeafSubject.MemberAdded m -> false;
      case LeafSubject.UserAdded u -> false;
      case LeafSubject.Granted g -> false;
      case LeafSubject.Unrecognised u -> false;
    };
  }

  private static CollectionId readableCollection(ExtensionRequest r) {
    String text =
        r.queryParam("collection")
            .orElseThrow(() -> ExtensionException.badRequest("collection: missing"));
    CollectionId collection;
    try {
      collection = CollectionId.parse(text);
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest("collection: " + e.getMessage());
    }
    if (!r.mayRead(collection)) {
      throw ExtensionException.notFound(
          "collection: no collection " + collection + " you can read");
    }
    return collection;
  }

  private static JsonObject leaves(List<LeafView> leaves) {
    List<LogReplies.Leaf> out = new ArrayList<>();
    for (LeafView view : leaves) {
      out.add(
          switch (view) {
            case LeafView.Shown s ->
                new LogReplies.Leaf(
                    s.index(), s.leafHash(), Optional.of(s.leaf().record()), s.leaf().salt());
            case LeafView.Hidden h ->
                new LogReplies.Leaf(h.index(), h.leafHash(), Optional.empty(), Optional.empty());
          });
    }
    return new LogReplies.Leaves(out).toJson();
  }

  private static List<LogHash> proof(java.util.function.Supplier<List<LogHash>> proof) {
    try {
      return proof.get();
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest(e.getMessage());
    }
  }

  static long longParam(ExtensionRequest r, String name) {
    Optional<String> value = r.queryParam(name);
    if (value.isEmpty()) {
      throw ExtensionException.badRequest(name + ": missing");
    }
    try {
      long n = Long.parseLong(value.get());
      if (n < 0) {
        throw ExtensionException.badRequest(name + ": negative: " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ExtensionException.badRequest(
          name + ": not a non-negative integer: '" + value.get() + "'");
    }
  }

  private static ExtensionReply ok(JsonObject body) {
    return ExtensionReply.json(200, body);
  }
}
