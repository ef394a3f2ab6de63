package org.wuzhen.taxii;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Executors;

/**
 * A Prometheus registry served at {@code /metrics} on 127.0.0.1, without credentials, for a
 * Prometheus on the same host: the node's {@code metrics.port} ({@link MetricsPort}) and {@code
 * wuzhen detect --metrics-port} (docs/operations.md). Every scrape includes the JVM's figures.
 * Thread-safe.
 */
public final class LoopbackMetrics implements AutoCloseable {
  /** The Prometheus text format, version 0.0.4. */
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  static final String PATH = "/metrics";

  /**
   * The JVM's figures, once per process (they are the process's, and each registration adds
   * listeners to the JVM that are never removed).
   */
  private static final PrometheusRegistry JVM = new PrometheusRegistry();

  static {
    JvmMetrics.builder().register(JVM);
  }

  private final HttpServer server;

  private LoopbackMetrics(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves the registry on 127.0.0.1:port (0 takes a free port).
   *
   * @throws IllegalArgumentException when the port is outside 0..65535
   * @throws UncheckedIOException when the port cannot be bound, naming it
   */
  public static LoopbackMetrics serve(int port, PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port: " + port + " is outside 0..65535");
    }
    HttpServer server;
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
            if (!path.equals(PATH)) {
              status = 404;
              body = "not found: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
            } else if (!exchange.getRequestMethod().equals("GET")) {
              status = 405;
              exchange.getResponseHeaders().set("Allow", "GET");
              body = "only GET\n".getBytes(StandardCharsets.UTF_8);
            } else {
              status = 200;
              exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
              body = text(registry);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    return new LoopbackMetrics(server);
  }

  /** The registry and the JVM's figures in the Prometheus text format (version 0.0.4). */
  static byte[] text(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
      writer.write(out, registry.scrape());
      writer.write(out, JVM.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}
