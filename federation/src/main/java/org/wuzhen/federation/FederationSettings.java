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
        String at = "peers[" + i + "]";
        Optional<String> kind = kind(array.get(i), at);
        if (kind.isPresent() && !kind.get().equals(TAXII)) {
          // Read by the module that knows the kind (PullSource); its name is still unique here.
          String name = array.get(i) instanceof JsonObject o ? o.string("name").orElse("") : "";
          if (!name.isEmpty() && !names.add(name)) {
            throw new SettingException(at + ".name", "'" + name + "' is used twice");
          }
          continue;
        }
        Peer p = Peer.parse(array.get(i), at);
        if (!names.add(p.name())) {
          throw new SettingException("peers[" + i + "].name", "'" + p.name() + "' is used twice");
        }
        peers.add(p);
      }
    }
    return new FederationSettings(policy, peers);
  }

  /** The kind of a TAXII peer, the default. */
  public static final String TAXII = "taxii";

  /** The kind of a MISP feed pulled as a peer (the misp module reads these entries). */
  public static final String MISP_FEED = "misp-feed";

  /**
   * The {@code kind} of a {@code peers} entry, when it gives one.
   *
   * @throws SettingException when it is not {@link #TAXII} or {@link #MISP_FEED}
   */
  public static Optional<String> kind(JsonValue entry, String at) {
    if (!(entry instanceof JsonObject o) || o.get("kind").isEmpty()) {
      return Optional.empty();
    }
    Optional<String> kind = o.string("kind");
    if (kind.isEmpty() || !(kind.get().equals(TAXII) || kind.get().equals(MISP_FEED))) {
      throw new SettingException(
          at + ".kind",
          "expected "
              + TAXII
              + " (the default) or "
              + MISP_FEED
              + ", found "
              + o.get("kind").get());
    }
    return kind;
  }
}
