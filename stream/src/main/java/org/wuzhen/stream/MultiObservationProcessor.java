package org.wuzhen.stream;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.Match;
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
 * stage A's. The windows are kept in memory by {@link StreamMatcher} (see docs/scale-out.md for
 * what a restart of this stage loses).
 */
final class MultiObservationProcessor implements Processor<String, JsonValue, String, JsonValue> {
  private final IndicatorPlan plan;
  private final SightingOptions options;
  private final StreamMatcher.Limits limits;
  private final StreamCounters counters;
  private ProcessorContext<String, JsonValue> context;
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
  }

  @Override
  public void process(Record<String, JsonValue> record) {
    PlanSnapshot current = plan.current();
    if (matcher == null) {
      matcher = new StreamMatcher(current.multi(), limits);
    } else if (current.multi() != engine) {
      matcher.replace(current.multi());
    }
    engine = current.multi();
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
