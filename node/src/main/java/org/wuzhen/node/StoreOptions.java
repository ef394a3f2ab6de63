package org.wuzhen.node;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.store.Store;
import picocli.CommandLine.Option;

/** The options that say which node's store an admin command works on. */
final class StoreOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "The node's YAML configuration.")
  Optional<Path> config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The node's data directory (default: wuzhen-data).")
  Optional<Path> data;

  NodeConfig load() {
    Map<String, String> overrides = new LinkedHashMap<>();
    data.ifPresent(d -> overrides.put("node.data", d.toString()));
    return ConfigLoader.load(config, System.getenv(), overrides);
  }

  Store open() {
    return NodeStores.open(load());
  }
}
