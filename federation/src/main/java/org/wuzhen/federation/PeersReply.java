package org.wuzhen.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * {@code GET /wuzhen/peers/}: the pull status of every peer, written by {@link FederationRoutes}
 * and read back strictly by clients.
 */
public record PeersReply(List<PeerStatus> peers) {
  public PeersReply {
    peers = List.copyOf(peers);
  }

  /** The reply as of {@code now}, which each peer's {@code lag_ms} is measured to. */
  public JsonObject toJson(Instant now) {
    List<JsonValue> list = new ArrayList<>();
    for (PeerStatus s : peers) {
      list.add(s.toJson(now));
    }
    return JsonObject.builder().put("peers", new JsonArray(list)).build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static PeersReply fromJson(JsonValue json) {
    List<PeerStatus> out = new ArrayList<>();
    for (JsonFields p : JsonFields.of(json, "").objects("peers")) {
      out.add(PeerStatus.fromJson(p));
    }
    return new PeersReply(out);
  }
}
