package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.Principal;

/**
 * {@code GET /wuzhen/detection/exclusions/?collection=ID}: the indicators of a collection that
 * detection must leave out now under the charter (disputed, decayed, expired), each with its
 * reason. {@code wuzhen detect} asks for it when its indicators come from a Wuzhen node, so the
 * community's rules bind every member's detection the same way.
 */
final class ExclusionsRoute {
  private static final int PAGE = 1000;

  private ExclusionsRoute() {}

  static ExtensionRoute of(Governance governance, Store store) {
    return ExtensionRoute.get(
        "/wuzhen/detection/exclusions/", request -> answer(governance, store, request));
  }

  private static ExtensionReply answer(
      Governance governance, Store store, ExtensionRequest request) {
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
    Principal caller = request.caller().orElseThrow();
    List<String> principals = List.of("member:" + caller.member(), "user:" + caller.user());
    boolean readable =
        store.collection(collection).isPresent()
            && store.permissions(collection).stream()
                .anyMatch(p -> p.canRead() && principals.contains(p.principal()));
    if (!readable) {
      throw ExtensionException.notFound(
          "collection: no collection " + collection + " (or you may not read it)");
    }
    List<JsonValue> excluded = new ArrayList<>();
    Optional<PageCursor> after = Optional.empty();
    do {
      ObjectPage page =
          store.query(
              collection,
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  List.of("indicator"),
                  VersionSelection.LAST,
                  List.of(),
                  PAGE,
                  after,
                  true));
      for (StoredObject o : page.objects()) {
        StixObject indicator = StixObject.parse(o.json().orElseThrow());
        governance
            .exclusion(indicator)
            .ifPresent(
                reason ->
                    excluded.add(
                        JsonObject.builder().put("id", o.id()).put("reason", reason).build()));
      }
      after = page.more() ? page.next() : Optional.empty();
    } while (after.isPresent());
    return ExtensionReply.json(
        200,
        JsonObject.builder()
            .put("collection", collection.toString())
            .put("excluded", new JsonArray(excluded))
            .build());
  }
}
