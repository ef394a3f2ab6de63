package org.wuzhen.node.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Peer;
import org.wuzhen.federation.SettingException;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The node config's federation sections: {@code export_policy} (see docs/federation.md) and {@code
 * peers}, a list of peers that seed the store's peer list at start-up. Both are optional: without
 * them the node has the default policy (only its own CLEAR objects leave) and no configured peers.
 */
public record FederationConfig(ExportPolicy policy, List<Peer> peers) {
  /** The top-level keys of the node config this class reads. */
  public static final Set<String> SECTIONS = Set.of("export_policy", "peers");

  public FederationConfig {
    requireNonNull(policy, "policy");
    peers = List.copyOf(peers);
  }

  /**
   * Reads the sections from the node's YAML file (the defaults without one).
   *
   * @throws ConfigException naming the first bad setting
   */
  public static FederationConfig load(Optional<Path> file) {
    JsonObject root = file.isPresent() ? ConfigLoader.readYaml(file.get()) : JsonObject.EMPTY;
    return of(root);
  }

  static FederationConfig of(JsonObject root) {
    try {
      ExportPolicy policy =
          root.get("export_policy")
              .map(v -> ExportPolicy.parse(v, "export_policy"))
              .orElse(ExportPolicy.DEFAULT);
      List<Peer> peers = new ArrayList<>();
      Optional<JsonValue> list = root.get("peers");
      if (list.isPresent()) {
        if (!(list.get() instanceof JsonArray array)) {
          throw new ConfigException(
              "peers", "expected a list of peers, found " + list.get().kind());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
          Peer p = Peer.parse(array.get(i), "peers[" + i + "]");
          if (!names.add(p.name())) {
            throw new ConfigException("peers[" + i + "].name", "'" + p.name() + "' is used twice");
          }
          peers.add(p);
        }
      }
      return new FederationConfig(policy, peers);
    } catch (SettingException e) {
      throw new ConfigException(e.setting(), e.problem());
    }
  }
}
