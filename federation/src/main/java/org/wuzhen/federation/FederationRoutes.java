package org.wuzhen.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.store.PeerHead;
import org.wuzhen.store.Provenance;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * Federation's routes beside TAXII, for the node's administrators (witnessed heads are public):
 *
 * <ul>
 *   <li>{@code GET /wuzhen/peers/}: the status of every peer;
 *   <li>{@code GET /wuzhen/log/witnessed/} (public): the latest verified head of each peer's log;
 *   <li>{@code GET /wuzhen/provenance/{object_id}/}: where the versions of an object came from, as
 *       a STIX bundle of {@code x-wuzhen-provenance} objects (valid STIX 2.1 custom objects).
 * </ul>
 */
final class FederationRoutes {
  static final String PROVENANCE_TYPE = "x-wuzhen-provenance";

  /** Names the UUIDv5 ids of provenance objects, so the same record always has the same id. */
  private static final UUID NAMESPACE = UUID.fromString("5a0f8a2e-4d3c-4f0e-9d6b-7c1e2b3a4f50");

  private FederationRoutes() {}

  static TaxiiExtensions.Builder add(Federation f, TaxiiExtensions.Builder b) {
    return b.route(ExtensionRoute.get("/wuzhen/peers/", r -> peers(f, r)))
        .route(ExtensionRoute.publicGet("/wuzhen/log/witnessed/", r -> witnessed(f)))
        .route(ExtensionRoute.get("/wuzhen/provenance/{object_id}/", r -> provenance(f, r)));
  }

  private static void requireAdmin(Federation f, ExtensionRequest r) {
    if (!r.caller().orElseThrow().admin()) {
      throw ExtensionException.forbidden("only the node's administrators see federation state");
    }
  }

  private static ExtensionReply peers(Federation f, ExtensionRequest r) {
    requireAdmin(f, r);
    return ExtensionReply.json(200, new PeersReply(f.status()).toJson(f.now()));
  }

  /**
   * The latest head this node verified of each peer's log, exactly as signed, with the peer's log
   * key: public like the heads themselves, so anyone can verify them and compare.
   */
  private static ExtensionReply witnessed(Federation f) {
    List<WitnessedHeads.Entry> heads = new ArrayList<>();
    for (PeerHead h : f.store().peerHeads()) {
      heads.add(
          new WitnessedHeads.Entry.Witnessed(
              Optional.of(h.publicKey()),
              Optional.of(h.verified().toString()),
              LogWatch.treeHead(h)));
    }
    return ExtensionReply.json(200, new WitnessedHeads(heads).toJson());
  }

  private static ExtensionReply provenance(Federation f, ExtensionRequest r) {
    requireAdmin(f, r);
    String id = r.pathParam("object_id");
    try {
      StixId.parse(id);
    } catch (StixFormatException e) {
      throw ExtensionException.badRequest("object_id: " + e.getMessage());
    }
    List<JsonValue> objects = new ArrayList<>();
    for (Provenance p : f.store().provenance(id)) {
      objects.add(toStix(p));
    }
    JsonObject bundle =
        JsonObject.builder()
            .put("type", "bundle")
            .put("id", "bundle--" + UUID.randomUUID())
            .put("objects", new JsonArray(objects))
            .build();
    return ExtensionReply.json(200, bundle);
  }

  /** One provenance record as a STIX 2.1 custom object; its id is derived from the record. */
  static JsonObject toStix(Provenance p) {
    String received = StixTimestamp.ofMillis(p.received()).text();
    JsonObject.Builder b =
        JsonObject.builder()
            .put("type", PROVENANCE_TYPE)
            .put("spec_version", "2.1")
            .put(
                "id",
                PROVENANCE_TYPE
                    + "--"
                    + ScoIds.uuidV5(
                        NAMESPACE, p.objectId() + "|" + p.versionMicros() + "|" + p.peer()))
            .put("created", received)
            .put("modified", received)
            .put("object_ref", p.objectId());
    if (p.versionMicros() != 0) {
      b.put("object_modified", micros(p.versionMicros()));
    }
    return b.put("peer", p.peer())
        .put("peer_collection", p.remoteCollection())
        .put("received", received)
        .build();
  }

  private static String micros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
        .toString();
  }
}
