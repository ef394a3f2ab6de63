package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.ObjectReader;

/**
 * {@code GET /wuzhen/detection/exclusions/?collection=ID}: the indicators of a collection that
 * detection must leave out now under the charter (disputed, decayed, expired), each with its
 * reason. {@code wuzhen detect} asks for it when its indicators come from a Wuzhen node, so the
 * community's rules bind every member's detection the same way.
 */
final class ExclusionsRoute {
  private static final int PAGE = 1000;

  private ExclusionsRoute() {}

  static ExtensionRoute of(Governance governance) {
    return ExtensionRoute.get(
        "/wuzhen/detection/exclusions/", request -> answer(governance, request));
  }

  private static ExtensionReply answer(Governance governance, ExtensionRequest request) {
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
    // Every version the caller may read, newest per id: the rules judge the indicator as it stands.
    Map<String, StixObject> latest = new LinkedHashMap<>();
    for (StixObject o : indicators(request.reader(), collection)) {
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

  /** Every indicator version of the collection the reader lets its caller see. */
  private static List<StixObject> indicators(ObjectReader reader, CollectionId collection) {
    List<StixObject> out = new ArrayList<>();
    Optional<PageCursor> after = Optional.empty();
    while (true) {
      ObjectPage page =
          reader.query(
              collection,
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  List.of("indicator"),
                  VersionSelection.ALL,
                  List.of(),
                  PAGE,
                  after,
                  true));
      for (StoredObject o : page.objects()) {
        o.json().ifPresent(text -> out.add(StixObject.parse(text)));
      }
      if (!page.more()) {
        return out;
      }
      after = page.next();
    }
  }
}
