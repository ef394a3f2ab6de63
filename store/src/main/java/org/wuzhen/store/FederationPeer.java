package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * A federation peer as the store keeps it: its unique name and its settings as JSON text, which the
 * federation module writes and parses (the store does not interpret them).
 */
public record FederationPeer(String name, String settings) {
  public FederationPeer {
    requireNonNull(name, "name");
    requireNonNull(settings, "settings");
    if (name.isBlank()) {
      throw new IllegalArgumentException("peer name must not be blank");
    }
  }
}
