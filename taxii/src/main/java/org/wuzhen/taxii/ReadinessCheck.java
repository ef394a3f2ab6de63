package org.wuzhen.taxii;

import java.util.Optional;

/**
 * One condition a node must meet to take traffic ({@code /readyz}), contributed by the part it
 * concerns through {@link TaxiiExtensions.Builder#readinessCheck}. Cheap and quick: probes call it
 * about once a second.
 */
@FunctionalInterface
public interface ReadinessCheck {
  /** Empty when met; else what is wrong, for the node's log (callers see only a status word). */
  Optional<String> problem();
}
