package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;

/**
 * {@code GET /wuzhen/detection/exclusions/?collection=ID}: the indicators of a collection that
 * detection must leave out now under the charter (disputed, decayed, expired), each with its
 * reason. {@code wuzhen detect} asks for it when its indicators come from a Wuzhen node, so the
 * community's rules bind every member's detection the same way.
 */
final class ExclusionsRoute {
  private ExclusionsRoute() {}

  static ExtensionRoute of(Governance governance, ObjectStore store) {
    return ExtensionRoute.get(
        "/wuzhen/detection/exclusions/", request -> answer(governance, store, request));
  }

  private static ExtensionReply answer(
      Governance governance, ObjectStore store, ExtensionRequest request) {
    String text =
        request
            .queryParam("collection")
            .orElseThrow(() -> ExtensionException.badRequest("collection: required"));
    CollectionId collection;
    try {
      collection = CollectionId.parse(text);
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest("collection: " + e.getMessage());
    }
    if (!request.mayRead(collection)) {
      throw ExtensionException.notFound(
          "collection: no collection " + collection + " (or you may not read it)");
    }
    // Every version, newest per id: the rules judge the indicator as it stands now.
    Map<String, StixObject> latest = new LinkedHashMap<>();
    for (StixObject o : new CollectionFeed(store, List.of("indicator")).next(collection)) {
      latest.merge(
          o.id().toString(),
          o,
          (seen, next) ->
              next.version()
                      .map(v -> seen.version().map(w -> !v.isBefore(w)).orElse(true))
                      .orElse(false)
                  ? next
                  : seen);
    }
    List<DetectionExclusions.Exclusion> excluded = new ArrayList<>();
    for (StixObject indicator : latest.values()) {
      governance
          .exclusion(indicator)
          .ifPresent(
              reason ->
                  excluded.add(
                      new DetectionExclusions.Exclusion(indicator.id().toString(), reason)));
    }
    return ExtensionReply.json(
        200, new DetectionExclusions(collection.toString(), excluded).toJson());
  }
}
