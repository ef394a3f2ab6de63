package org.wuzhen.node;

import java.io.PrintWriter;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.demo.DemoCommunity;
import org.wuzhen.demo.GovernanceDemo;
import org.wuzhen.governance.Authenticity;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceException;
import org.wuzhen.governance.GovernanceSettings;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.store.Store;

/**
 * Puts the community's governance on a node: founds the community from the config's {@code
 * community:} section (or, for the demo, from the demo's members); the node then runs it (write
 * check, routes, closing due proposals on a timer).
 */
final class GovernanceWiring {
  private GovernanceWiring() {}

  /**
   * Founds (or opens) the community's governance when the config has a community section or the
   * node runs the demo; empty otherwise. The governance closes due proposals every {@code
   * community.close_every} once the node starts it.
   */
  static Optional<Governance> found(
      NodeConfig config, Store store, Optional<DemoCommunity.Created> demo, PrintWriter out) {
    if (config.community().isEmpty() && demo.isEmpty()) {
      return Optional.empty();
    }
    CommunitySettings section = config.community().orElse(CommunitySettings.defaults());
    GovernanceSettings settings =
        section.settings(Authenticity.MEMBER_SIGNATURES, Clock.systemUTC());
    Map<String, KeyPair> demoKeys = demo.map(DemoCommunity.Created::keys).orElse(Map.of());
    Governance governance =
        Governance.found(store, settings, () -> founding(section, store, demoKeys));
    if (demo.isPresent()) {
      GovernanceDemo.seed(store, governance, demoKeys);
    }
    Charter charter = governance.charter();
    out.println(
        "wuzhen: community governance in collection "
            + section.collection()
            + " (charter v"
            + charter.version()
            + ", "
            + charter.members().size()
            + " members)");
    return Optional.of(governance);
  }

  /**
   * The founding charter: the config's members, or else the store's (with the demo's keys when the
   * node runs the demo).
   */
  private static Charter founding(
      CommunitySettings section, Store store, Map<String, KeyPair> demoKeys) {
    List<CharterMember> members =
        section.members().isEmpty()
            ? store.members().stream()
                .map(
                    m ->
                        new CharterMember(
                            m.name(),
                            m.identityId(),
                            List.of(),
                            Optional.ofNullable(demoKeys.get(m.name()))
                                .map(k -> List.of(k.getPublic()))
                                .orElse(List.of())))
                .toList()
            : section.members();
    if (members.isEmpty()) {
      throw new GovernanceException(
          "config community.members: the community has no members to found it; list them or add"
              + " members first (wuzhen member add)");
    }
    try {
      return Charter.found(members, section.rules(), Instant.now());
    } catch (GovernanceException e) {
      throw new GovernanceException("config community: " + e.getMessage());
    }
  }
}
