package org.wuzhen.node;

import java.nio.file.Path;
import java.util.Optional;
import org.wuzhen.federation.Federation;
import org.wuzhen.node.config.FederationConfig;
import org.wuzhen.store.Store;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * How {@code wuzhen serve} runs federation: the config's peers and export policy, the read filter
 * and {@code /wuzhen/} routes given to the TAXII server, and the pull started once it listens.
 */
final class NodeFederation implements AutoCloseable {
  private final Federation federation;

  private NodeFederation(Federation federation) {
    this.federation = federation;
  }

  /** Reads the federation sections of the config file and seeds the store's peers. */
  static NodeFederation open(Optional<Path> configFile, Store store) {
    FederationConfig config = FederationConfig.load(configFile);
    return new NodeFederation(Federation.create(store, config.policy(), config.peers()));
  }

  TaxiiExtensions extensions() {
    return federation.extend(TaxiiExtensions.builder()).build();
  }

  NodeFederation start() {
    federation.start();
    return this;
  }

  @Override
  public void close() {
    federation.close();
  }
}
