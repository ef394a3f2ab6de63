package org.wuzhen.node;

import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;

/** Opens the store a node configuration names. */
final class NodeStores {
  private NodeStores() {}

  static Store open(NodeConfig config) {
    StoreConfig storeConfig =
        switch (config.store()) {
          case NodeConfig.StoreSettings.Sqlite s -> new StoreConfig.Sqlite(config.dataDirectory());
          case NodeConfig.StoreSettings.Postgres p ->
              new StoreConfig.Postgres(p.jdbcUrl(), p.user(), p.password(), p.poolSize());
        };
    return Stores.open(storeConfig);
  }
}
