package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The federation sections of a node's configuration: {@code export_policy} (see docs/federation.md)
 * and {@code peers}, a list of peers that seed the store's peer list at start-up. Both are
 * optional: without them the node has the default policy (only its own CLEAR objects leave) and no
 * configured peers.
 */
public record FederationSettings(ExportPolicy policy, List<Peer> peers) {
  /** The top-level keys of the node config this class reads. */
  public static final Set<String> SECTIONS = Set.of("export_policy", "peers");

  public FederationSettings {
    requireNonNull(policy, "policy");
    peers = List.copyOf(peers);
  }

  /**
   * Reads the sections from the root mapping of a node's configuration (the defaults where they are
   * absent).
   *
   * @throws SettingException naming the first bad setting
   */
  public static FederationSettings from(JsonObject root) {
    ExportPolicy policy =
        root.get("export_policy")
            .map(v -> ExportPolicy.parse(v, "export_policy"))
            .orElse(ExportPolicy.DEFAULT);
    List<Peer> peers = new ArrayList<>();
    Optional<JsonValue> list = root.get("peers");
    if (list.isPresent()) {
      if (!(list.get() instanceof JsonArray array)) {
        throw new SettingException("peers", "expected a list of peers, found " + list.get().kind());
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        Peer p = Peer.parse(array.get(i), "peers[" + i + "]");
        if (!names.add(p.name())) {
          throw new SettingException("peers[" + i + "].name", "'" + p.name() + "' is used twice");
        }
        peers.add(p);
      }
    }
    return new FederationSettings(policy, peers);
  }
}
