package org.wuzhen.taxii;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.wuzhen.store.PoolFigures;

/**
 * The TAXII server's metrics (docs/operations.md, "Metrics") in the node's registry: requests by
 * route template (never the raw path, so the label stays bounded), method and status with their
 * latency, objects ingested and refused by reason, failed logins, and the JVM's figures.
 * Thread-safe.
 */
final class ServerMetrics {
  static final String CONTENT_TYPE = LoopbackMetrics.CONTENT_TYPE;

  private final PrometheusRegistry registry;
  private final Counter requests;
  private final Histogram duration;
  private final Counter ingested;
  private final Counter refused;
  private final Counter loginFailures;
  private final Counter loginThrottled;

  /** The store's pool figures; none until a server serves a store (then the latest's). */
  private volatile Supplier<PoolFigures> pool;

  ServerMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    requests =
        Counter.builder()
            .name("wuzhen_http_requests_total")
            .help("HTTP requests answered, by route template, method and status")
            .labelNames("route", "method", "status")
            .register(registry);
    duration =
        Histogram.builder()
            .name("wuzhen_http_request_duration_seconds")
            .help("Time from routing a request to its answer being handed to the connection")
            .labelNames("route", "method")
            .classicOnly()
            .register(registry);
    ingested =
        Counter.builder()
            .name("wuzhen_objects_ingested_total")
            .help("Objects accepted by POST .../objects/ (stored or already present)")
            .register(registry);
    refused =
        Counter.builder()
            .name("wuzhen_objects_refused_total")
            .help("Objects a POST .../objects/ refused, by reason")
            .labelNames("reason")
            .register(registry);
    loginFailures =
        Counter.builder()
            .name("wuzhen_login_failures_total")
            .help("Requests with credentials that were refused (401)")
            .register(registry);
    loginThrottled =
        Counter.builder()
            .name("wuzhen_login_throttled_total")
            .help(
                "Password logins refused by the login limits before their password was checked,"
                    + " by reason (address and account: 429; busy: 503)")
            .labelNames("reason")
            .register(registry);
    poolGauge(
        "wuzhen_store_pool_active_connections",
        "Database connections lent out to work in progress",
        PoolFigures::active);
    poolGauge(
        "wuzhen_store_pool_idle_connections",
        "Database connections open and free",
        PoolFigures::idle);
    poolGauge(
        "wuzhen_store_pool_pending_threads",
        "Threads waiting for a database connection",
        PoolFigures::pending);
    // Every reason from the start, so a rate() over a fresh node sees zeros, not absent series.
    for (LoginGuard.Throttle t : LoginGuard.Throttle.values()) {
      loginThrottled.labelValues(t.label);
    }
  }

  private void poolGauge(String name, String help, ToIntFunction<PoolFigures> figure) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("pool")
        .callback(
            callback -> {
              Supplier<PoolFigures> source = pool;
              if (source != null) {
                PoolFigures figures = source.get();
                callback.call(figure.applyAsInt(figures), figures.pool());
              }
            })
        .register(registry);
  }

  /** Where the pool gauges read from: the store a server serves. */
  void pool(Supplier<PoolFigures> figures) {
    this.pool = java.util.Objects.requireNonNull(figures, "figures");
  }

  PrometheusRegistry registry() {
    return registry;
  }

  void request(String route, String method, int status, long nanos) {
    requests.labelValues(route, method, Integer.toString(status)).inc();
    duration.labelValues(route, method).observe(nanos / 1e9);
  }

  void loginFailed() {
    loginFailures.inc();
  }

  void loginThrottled(LoginGuard.Throttle why) {
    loginThrottled.labelValues(why.label).inc();
  }

  /** Counts one POST's accepted objects and its refusals, each by the reason's kind. */
  void ingested(int accepted, List<String> refusals) {
    ingested.inc(accepted);
    for (String refusal : refusals) {
      refused.labelValues(reason(refusal)).inc();
    }
  }

  /** A bounded label for a refusal's text (the text names objects, so it is no label itself). */
  static String reason(String refusal) {
    String r = refusal.toLowerCase(Locale.ROOT);
    if (r.startsWith("invalid stix object")) {
      return "invalid";
    }
    if (r.startsWith("not permitted")) {
      return "not_permitted";
    }
    if (r.startsWith("a bundle")) {
      return "bundle";
    }
    return "community_rule";
  }

  /** The registry and the JVM's figures in the Prometheus text format (version 0.0.4). */
  byte[] scrape() {
    return LoopbackMetrics.text(registry);
  }
}
