package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

/**
 * One thing the lenient reader fixed in real MISP data, where it was and what it did, e.g. {@code
 * $.response[0].Event.Galaxy[0].GalaxyCluster[0].uuid: empty; derived from tag_name}.
 */
public record Repair(String path, String what) {
  public Repair {
    requireNonNull(path, "path");
    requireNonNull(what, "what");
  }

  @Override
  public String toString() {
    return path + ": " + what;
  }
}
