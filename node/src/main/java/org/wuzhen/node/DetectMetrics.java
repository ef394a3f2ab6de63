package org.wuzhen.node;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.wuzhen.detect.LiveDetection;

/**
 * {@code wuzhen detect --metrics-port}'s registry (docs/operations.md, "Metrics"): the live run's
 * counts, read from {@link LiveDetection#progress()} at each scrape, so the reading thread pays
 * nothing for them.
 */
final class DetectMetrics {
  private DetectMetrics() {}

  static PrometheusRegistry registry(Supplier<LiveDetection.Progress> progress) {
    PrometheusRegistry registry = new PrometheusRegistry();
    counter(
        registry,
        progress,
        "wuzhen_detect_events_total",
        "Telemetry events read",
        LiveDetection.Progress::events);
    counter(
        registry,
        progress,
        "wuzhen_detect_read_bytes_total",
        "Bytes of telemetry read (as stored, before gzip is undone)",
        LiveDetection.Progress::bytes);
    counter(
        registry,
        progress,
        "wuzhen_detect_matches_total",
        "Events that matched an indicator, counted once per indicator matched",
        LiveDetection.Progress::matches);
    counter(
        registry,
        progress,
        "wuzhen_detect_sightings_total",
        "Sightings made (one per indicator and time bucket matched)",
        LiveDetection.Progress::sightings);
    counter(
        registry,
        progress,
        "wuzhen_detect_engine_swaps_total",
        "Detection plans rebuilt and swapped in after the indicators or exclusions changed",
        LiveDetection.Progress::engineSwaps);
    GaugeWithCallback.builder()
        .name("wuzhen_detect_indicators")
        .help("Indicators the current plan matches (not revoked, superseded, rejected or excluded)")
        .callback(callback -> callback.call(progress.get().indicators()))
        .register(registry);
    return registry;
  }

  private static void counter(
      PrometheusRegistry registry,
      Supplier<LiveDetection.Progress> progress,
      String name,
      String help,
      ToDoubleFunction<LiveDetection.Progress> count) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(count.applyAsDouble(progress.get())))
        .register(registry);
  }
}
