package org.wuzhen.federation;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Federation's metrics, per peer, read from {@link Federation#status()} at each scrape
 * (docs/operations.md, "Metrics"): objects pulled, failed rounds, seconds behind, the last success,
 * the witnessed tree size of the peer's log, and whether the peer is flagged.
 */
final class FederationMetrics {
  private FederationMetrics() {}

  static void register(Federation federation, PrometheusRegistry registry) {
    counter(
        registry,
        "wuzhen_federation_objects_pulled_total",
        "Objects pulled from the peer and added",
        federation,
        (s, c) -> c.call(s.added(), s.peer()));
    counter(
        registry,
        "wuzhen_federation_pull_failures_total",
        "Pull rounds from the peer that failed",
        federation,
        (s, c) -> c.call(s.failures(), s.peer()));
    gauge(
        registry,
        "wuzhen_federation_lag_seconds",
        "Seconds since the node was last caught up with the peer",
        federation,
        (s, c) -> s.lag(Instant.now()).ifPresent(d -> c.call(d.toMillis() / 1000.0, s.peer())));
    gauge(
        registry,
        "wuzhen_federation_last_success_timestamp_seconds",
        "When a pull round from the peer last succeeded (Unix time)",
        federation,
        (s, c) -> s.lastSuccess().ifPresent(t -> c.call(t.toEpochMilli() / 1000.0, s.peer())));
    gauge(
        registry,
        "wuzhen_federation_peer_flagged",
        "1 when the peer's transparency log was found inconsistent, else 0",
        federation,
        (s, c) -> c.call(s.log() instanceof PeerLog.Flagged ? 1 : 0, s.peer()));
    gauge(
        registry,
        "wuzhen_federation_witnessed_tree_size",
        "Size of the peer's latest verified tree head",
        federation,
        (s, c) -> {
          if (s.log() instanceof PeerLog.Verified v) {
            c.call(v.head().treeSize(), s.peer());
          }
        });
  }

  private static void counter(
      PrometheusRegistry registry,
      String name,
      String help,
      Federation federation,
      BiConsumer<PeerStatus, CounterWithCallback.Callback> each) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("peer")
        .callback(c -> statuses(federation).forEach(s -> each.accept(s, c)))
        .register(registry);
  }

  private static void gauge(
      PrometheusRegistry registry,
      String name,
      String help,
      Federation federation,
      BiConsumer<PeerStatus, GaugeWithCallback.Callback> each) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("peer")
        .callback(c -> statuses(federation).forEach(s -> each.accept(s, c)))
        .register(registry);
  }

  private static List<PeerStatus> statuses(Federation federation) {
    return federation.status();
  }
}
