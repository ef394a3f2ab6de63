package org.wuzhen.taxii;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The node's metrics on a port of their own, bound to loopback only and without credentials, for a
 * Prometheus on the same host ({@code metrics.port}, docs/operations.md); the main port serves them
 * to administrators at {@code /metrics} in any case. Thread-safe.
 */
public final class MetricsPort implements NodeExtension {
  private final int port;
  private ServerMetrics metrics;
  private HttpServer server;

  /** A metrics port on 127.0.0.1 (the loopback address); 0 takes a free port. */
  public MetricsPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port: " + port + " is outside 0..65535");
    }
    this.port = port;
  }

  @Override
  public void extend(TaxiiExtensions.Builder server) {
    this.metrics = server.serverMetrics();
  }

  @Override
  public synchronized void start() {
    if (metrics == null) {
      throw new IllegalStateException("metrics port: start() before extend()");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status;
            if (!path.equals(TaxiiHandler.METRICS_PATH)) {
              status = 404;
              body = "not found: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
            } else if (!exchange.getRequestMethod().equals("GET")) {
              status = 405;
              exchange.getResponseHeaders().set("Allow", "GET");
              body = "only GET\n".getBytes(StandardCharsets.UTF_8);
            } else {
              status = 200;
              exchange.getResponseHeaders().set("Content-Type", ServerMetrics.CONTENT_TYPE);
              body = metrics.scrape();
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
  }

  /** The bound port (the real one when 0 was asked for). */
  public synchronized int port() {
    return server == null ? port : server.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }
}
