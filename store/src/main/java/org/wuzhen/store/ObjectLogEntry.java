package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/** A stored object version with the log leaf that recorded its addition. */
public record ObjectLogEntry(LogLeaf leaf, String storedJson) {
  public ObjectLogEntry {
    requireNonNull(leaf, "leaf");
    requireNonNull(storedJson, "storedJson");
  }
}
