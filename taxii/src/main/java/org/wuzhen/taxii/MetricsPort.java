package org.wuzhen.taxii;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The node's metrics on a port of their own, bound to loopback only and without credentials, for a
 * Prometheus on the same host ({@code metrics.port}, docs/operations.md); the main port serves them
 * to administrators at {@code /metrics} in any case. Thread-safe.
 */
public final class MetricsPort implements NodeExtension {
  private final int port;
  private PrometheusRegistry registry;
  private LoopbackMetrics server;

  /** A metrics port on 127.0.0.1 (the loopback address); 0 takes a free port. */
  public MetricsPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port: " + port + " is outside 0..65535");
    }
    this.port = port;
  }

  @Override
  public synchronized void extend(TaxiiExtensions.Builder server) {
    this.registry = server.metrics();
  }

  @Override
  public synchronized void start() {
    if (registry == null) {
      throw new IllegalStateException("metrics port: start() before extend()");
    }
    server = LoopbackMetrics.serve(port, registry);
  }

  /** The bound port (the real one when 0 was asked for). */
  public synchronized int port() {
    return server == null ? port : server.port();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
