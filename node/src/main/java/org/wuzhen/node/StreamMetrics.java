package org.wuzhen.node;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.wuzhen.stream.StreamCounters;

/**
 * {@code wuzhen stream --metrics-port}'s registry (docs/scale-out.md, "Operations"): the instance's
 * counts, read at each scrape, and its consumer lag.
 */
final class StreamMetrics {
  private StreamMetrics() {}

  static PrometheusRegistry registry(StreamCounters counters, DoubleSupplier lag) {
    PrometheusRegistry registry = new PrometheusRegistry();
    counter(
        registry,
        counters,
        "wuzhen_stream_records_total",
        "Telemetry records read",
        StreamCounters::records);
    counter(
        registry,
        counters,
        "wuzhen_stream_bad_records_total",
        "Telemetry records skipped as unreadable",
        StreamCounters::badRecords);
    counter(
        registry,
        counters,
        "wuzhen_stream_matches_total",
        "Matches found (an event and an indicator)",
        StreamCounters::matches);
    counter(
        registry,
        counters,
        "wuzhen_stream_sightings_posted_total",
        "Sighting versions posted to the node",
        StreamCounters::posted);
    counter(
        registry,
        counters,
        "wuzhen_stream_sightings_refused_total",
        "Objects of posted sightings the node refused (logged, then passed over)",
        StreamCounters::refused);
    counter(
        registry,
        counters,
        "wuzhen_stream_indicators_published_total",
        "Indicator versions written to the indicators topic",
        StreamCounters::published);
    counter(
        registry,
        counters,
        "wuzhen_stream_indicators_withdrawn_total",
        "Indicators withdrawn from the indicators topic (revoked or excluded)",
        StreamCounters::withdrawn);
    counter(
        registry,
        counters,
        "wuzhen_stream_plan_switches_total",
        "Times a telemetry partition went on to a newer plan (retro-hunting on)",
        StreamCounters::planSwitches);
    counter(
        registry,
        counters,
        "wuzhen_stream_retro_hunts_total",
        "Retro-hunts started: a partition's switch to a plan with indicators new to it",
        StreamCounters::retroHunts);
    counter(
        registry,
        counters,
        "wuzhen_stream_retro_hunted_records_total",
        "Retained telemetry records read again by retro-hunts",
        StreamCounters::retroHunted);
    counter(
        registry,
        counters,
        "wuzhen_stream_retro_matches_total",
        "Matches retro-hunts found (also in wuzhen_stream_matches_total)",
        StreamCounters::retroMatches);
    counter(
        registry,
        counters,
        "wuzhen_stream_retro_hunts_incomplete_total",
        "Switches whose oldest additions were too many to remember and not retro-hunted",
        StreamCounters::retroHuntsIncomplete);
    GaugeWithCallback.builder()
        .name("wuzhen_stream_consumer_lag_records")
        .help("The largest consumer lag of this instance's stream threads, in records")
        .callback(callback -> callback.call(lag.getAsDouble()))
        .register(registry);
    return registry;
  }

  private static void counter(
      PrometheusRegistry registry,
      StreamCounters counters,
      String name,
      String help,
      ToDoubleFunction<StreamCounters> count) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(count.applyAsDouble(counters)))
        .register(registry);
  }
}
