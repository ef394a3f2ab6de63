package org.wuzhen.stream;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.Match;
import org.wuzhen.detect.ObservationJournal;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.Sightings;
import org.wuzhen.detect.StreamMatcher;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonValue;

/**
 * Stage B: multi-observation patterns (AND, FOLLOWEDBY, REPEATS, WITHIN across events), decided
 * over one topic partition that every event concerning them is sent to. STIX does not bind such
 * observations to a host or a flow, so no key splits them; the events a plan's brackets select are
 * few next to the telemetry, so one partition carries them. Its matches go to the same tallies as
 * stage A's. The observations the windows hold are also in a changelogged store ({@link #STORE},
 * one entry per observation, written in the same transaction as the events that change them), from
 * which a restarted task puts them back: a pattern whose observations straddle a restart or a
 * {@code kill -9} still completes.
 */
final class MultiObservationProcessor implements Processor<String, JsonValue, String, JsonValue> {
  static final String STORE = "wuzhen-multi-observation-windows";

  private final IndicatorPlan plan;
  private final SightingOptions options;
  private final StreamMatcher.Limits limits;
  private final StreamCounters counters;
  private ProcessorContext<String, JsonValue> context;
  private KeyValueStore<String, JsonValue> store;
  private StreamMatcher matcher;
  private DetectionEngine engine;

  MultiObservationProcessor(
      IndicatorPlan plan,
      SightingOptions options,
      StreamMatcher.Limits limits,
      StreamCounters counters) {
    this.plan = plan;
    this.options = options;
    this.limits = limits;
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<String, JsonValue> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    engine = plan.current().multi();
    matcher = new StreamMatcher(engine, limits, new StoredWindows());
    // Keys sort by indicator, then sequence (zero-padded): each window comes back in order.
    try (KeyValueIterator<String, JsonValue> held = store.all()) {
      while (held.hasNext()) {
        KeyValue<String, JsonValue> kv = held.next();
        int bar = kv.key.lastIndexOf('|');
        matcher.restore(
            kv.key.substring(0, bar),
            Long.parseLong(kv.key.substring(bar + 1)),
            MatchingProcessor.MatchRecord.event(JsonFields.of(kv.value, kv.key)));
      }
    }
  }

  /** The windows' observations in the store: indicator id | sequence → the event. */
  private final class StoredWindows implements ObservationJournal {
    @Override
    public void held(String indicatorId, long sequence, Event event) {
      store.put(key(indicatorId, sequence), MatchingProcessor.MatchRecord.toJson(event, 0));
    }

    @Override
    public void released(String indicatorId, long sequence) {
      store.delete(key(indicatorId, sequence));
    }

    private static String key(String indicatorId, long sequence) {
      return indicatorId + "|" + String.format("%019d", sequence);
    }
  }

  @Override
  public void process(Record<String, JsonValue> record) {
    PlanSnapshot current = plan.current();
    if (current.multi() != engine) {
      matcher.replace(current.multi());
      engine = current.multi();
    }
    counters.multiObservationEvents.increment();
    JsonFields fields = JsonFields.of(record.value(), "event");
    Event event = MatchingProcessor.MatchRecord.event(fields);
    for (Match m : matcher.acceptMultiObservation(event)) {
      counters.matches.increment();
      long bucket = Sightings.bucketStartMicros(options, event.time());
      context.forward(
          record
              .withKey(MatchingProcessor.MatchRecord.key(m, bucket))
              .withValue(MatchingProcessor.MatchRecord.toJson(event, current.treeSize())));
    }
  }
}
