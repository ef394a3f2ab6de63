package org.wuzhen.node;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.wuzhen.governance.Authenticity;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceException;
import org.wuzhen.governance.GovernanceSettings;
import org.wuzhen.node.config.CommunityConfig;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * Puts the community's governance on a node: founds the community from the config's {@code
 * community:} section (or, for the demo, from the demo's members), closes due proposals on a timer,
 * and adds the governance write check and routes to the node's TAXII extensions.
 */
final class GovernanceWiring {
  private GovernanceWiring() {}

  /**
   * Adds governance to {@code extensions} when the config has a community section or the node runs
   * the demo; returns {@code extensions} unchanged otherwise.
   */
  static TaxiiExtensions.Builder install(
      NodeConfig config,
      Store store,
      boolean demo,
      PrintWriter out,
      List<Governance> running,
      TaxiiExtensions.Builder extensions) {
    if (config.community().isEmpty() && !demo) {
      return extensions;
    }
    CommunityConfig section =
        config
            .community()
            .orElse(
                new CommunityConfig(
                    CommunityConfig.DEFAULT_COLLECTION,
                    List.of(),
                    List.of(),
                    Map.of(),
                    java.time.Duration.ofSeconds(10)));
    GovernanceSettings settings =
        new GovernanceSettings(
            section.collection(), section.governed(), Authenticity.ACCEPT_ALL, Clock.systemUTC());
    Governance governance = Governance.found(store, settings, () -> founding(section, store));
    governance.startClosing(section.closeEvery());
    running.add(governance);
    if (demo) {
      GovernanceDemo.seed(store, governance);
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
    return governance.addTo(extensions);
  }

  private static Charter founding(CommunityConfig section, Store store) {
    List<CharterMember> members =
        section.members().isEmpty()
            ? store.members().stream()
                .map(m -> new CharterMember(m.name(), m.identityId()))
                .toList()
            : section.members();
    if (members.isEmpty()) {
      throw new GovernanceException(
          "config community.members: the community has no members to found it; list them or add"
              + " members first (wuzhen member add)");
    }
    return Charter.found(members, section.rules(), Instant.now());
  }
}
