package org.wuzhen.taxii;

/**
 * A part of a node beside the TAXII API (federation, governance, the transparency log, the
 * console): it plugs its read filters, write checks and {@code /wuzhen/} routes into the server
 * through {@link #extend}, and may run background work from {@link #start} to {@link #close}. A
 * {@link Node} calls each method once.
 */
public interface NodeExtension extends AutoCloseable {
  /** Adds this part's read filters, write checks and routes to the server being assembled. */
  void extend(TaxiiExtensions.Builder server);

  /**
   * Starts background work; called in the order the parts were added, before the server listens.
   */
  default void start() {}

  /** Stops background work; called in reverse order, after the server stopped. */
  @Override
  default void close() {}
}
