package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.wuzhen.demo.DemoCommunity;
import org.wuzhen.federation.CommunityRules;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.FederationSettings;
import org.wuzhen.governance.Governance;
import org.wuzhen.misp.FeedPolicy;
import org.wuzhen.misp.MispFeedPull;
import org.wuzhen.misp.MispFeeds;
import org.wuzhen.node.config.ConfigException;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.MetricsPort;
import org.wuzhen.taxii.Node;
import org.wuzhen.taxii.StrictCollections;
import org.wuzhen.taxii.TaxiiConfig;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.web.Console;

/**
 * Assembles the node a configuration describes over an open store: the TAXII server with its
 * signing key, federation (the config file's peers and export policy), the community's governance
 * when the config or the demo has one, and the transparency log with its key, both keys kept in the
 * data directory (created 0600 on first start), and the analysts' console under {@code /ui/} unless
 * the config's {@code web.enabled} is false.
 */
final class NodeAssembly {
  /** The transparency log's Ed25519 key, in the data directory. */
  static final String LOG_KEY_FILE = "transparency-log.key";

  private NodeAssembly() {}

  /**
   * Starts the node; the node owns {@code store} from here on, and closes it also when it cannot
   * start.
   *
   * @param configFile the YAML file the federation sections are read from, if any
   */
  static Node start(
      NodeConfig config,
      Optional<Path> configFile,
      Store store,
      Optional<DemoCommunity.Created> demo,
      PrintWriter out)
      throws IOException {
    Path data = config.dataDirectory();
    Node.Builder node = Node.builder(taxiiConfig(config, NodeSecrets.signingKey(data)), store);
    try {
      FederationSettings federation = ConfigLoader.federation(configFile);
      Federation peers = Federation.create(store, federation.policy(), federation.peers());
      // MISP feeds (peers of kind misp-feed) are polled, and shown, with the peers.
      try {
        peers.withSources(
            new MispFeedPull(store, ConfigLoader.mispFeeds(configFile), Clock.systemUTC())
                .sources());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      node.with(peers);
      Optional<Governance> governance = GovernanceWiring.found(config, store, demo, out);
      governance.ifPresent(
          g -> {
            peers.withCommunityRules(g::withholding);
            node.with(g);
          });
      // A MISP feed reader is decided like a peer, under the same policy and community rules.
      CommunityRules community =
          governance.<CommunityRules>map(g -> g::withholding).orElse(CommunityRules.NONE);
      node.with(new MispFeeds(store, () -> FeedPolicy.of(peers.policy(), community)));
      node.with(new StrictCollections(ConfigLoader.strictCollections(configFile)));
      TransparencyLog log =
          new TransparencyLog(
              store, Ed25519Keys.loadOrCreate(data.resolve(LOG_KEY_FILE)), Clock.systemUTC());
      node.with(log);
      node.with(
          new Console(
              ConfigLoader.console(configFile),
              governance,
              Optional.of(peers),
              Optional.of(log),
              Clock.systemUTC()));
      config.operations().metricsPort().ifPresent(port -> node.with(new MetricsPort(port)));
    } catch (IOException | RuntimeException e) {
      node.discard();
      throw e;
    }
    return node.start();
  }

  static TaxiiConfig taxiiConfig(NodeConfig config, byte[] signingKey) {
    List<TaxiiConfig.ApiRoot> roots =
        config.apiRoots().stream()
            .map(
                r ->
                    new TaxiiConfig.ApiRoot(
                        r.name(), r.title(), r.description(), r.maxContentLength()))
            .toList();
    return TaxiiConfig.of(
            new TaxiiConfig.Discovery(config.title(), config.description(), config.contact()),
            roots,
            signingKey)
        .withAddress(config.host(), config.port())
        .withPageSizes(config.defaultPageSize(), config.maxPageSize())
        .withStatusRetention(Duration.ofHours(24))
        .withPublicUrl(config.publicUrl())
        .withTls(config.tls())
        .withLogin(config.login());
  }
}
