package org.wuzhen.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.Match;
import org.wuzhen.detect.RecordReader;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.Sightings;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixTimestamp;

/**
 * Stage A, per telemetry partition and stateless: each record read into an event and matched
 * against the current plan; each match goes out keyed by (indicator, bucket), the key its sighting
 * is tallied under. A record that cannot be read is counted and logged with its reason (the first
 * hundred), never stopping the app.
 */
final class MatchingProcessor implements Processor<byte[], byte[], String, JsonValue> {
  /**
   * The key of an event bound for the multi-observation stage rather than a match; no match key has
   * it (those are indicator ids).
   */
  static final String MULTI_OBSERVATION = "multi-observation";

  private static final Logger LOG = LoggerFactory.getLogger(MatchingProcessor.class);
  private static final int LOGGED_BAD_RECORDS = 100;

  private final TelemetryTopic topic;
  private final IndicatorPlan plan;
  private final SightingOptions options;
  private final StreamCounters counters;
  private final Optional<RetroHunt> retroHunt;
  private ProcessorContext<String, JsonValue> context;
  private PlanSnapshot readerPlan;
  private RecordReader reader;

  MatchingProcessor(
      TelemetryTopic topic,
      IndicatorPlan plan,
      SightingOptions options,
      StreamCounters counters,
      Optional<RetroHunt> retroHunt) {
    this.topic = topic;
    this.plan = plan;
    this.options = options;
    this.counters = counters;
    this.retroHunt = retroHunt;
  }

  @Override
  public void init(ProcessorContext<String, JsonValue> context) {
    this.context = context;
    retroHunt.ifPresent(r -> r.init(context));
  }

  @Override
  public void close() {
    retroHunt.ifPresent(RetroHunt::close);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    counters.records.increment();
    PlanSnapshot current =
        retroHunt.isPresent()
            ? retroHunt
                .get()
                .before(context.recordMetadata().map(RecordMetadata::offset).orElse(0L))
            : plan.current();
    if (current != readerPlan) {
      // Read only the observable types the plan looks at, as wuzhen detect does.
      reader = topic.reader(current.observableTypes());
      readerPlan = current;
    }
    String source = source();
    if (record.value() == null) {
      bad(source, "empty record");
      return;
    }
    switch (reader.read(record.value(), source)) {
      case RecordReader.Outcome.Bad b -> bad(source, b.problem());
      case RecordReader.Outcome.Read r -> {
        if (current.concernsMultiObservation(r.event())) {
          context.forward(
              record
                  .withKey(MULTI_OBSERVATION)
                  .withValue(MatchRecord.toJson(r.event(), current.treeSize())));
        }
        for (Match m : current.match(r.event())) {
          counters.matches.increment();
          long bucket = Sightings.bucketStartMicros(options, r.event().time());
          context.forward(
              record
                  .withKey(MatchRecord.key(m, bucket))
                  .withValue(MatchRecord.toJson(r.event(), current.treeSize())));
        }
      }
    }
  }

  private String source() {
    return context.recordMetadata().map(MatchingProcessor::describe).orElse(topic.topic());
  }

  private static String describe(RecordMetadata m) {
    return m.topic() + "-" + m.partition() + "@" + m.offset();
  }

  private void bad(String source, String problem) {
    counters.badRecords.increment();
    if (counters.badRecords.sum() <= LOGGED_BAD_RECORDS) {
      LOG.warn("{}: record skipped: {}", source, problem);
    }
  }

  /** A match as it travels to the tally: the event, and the plan's tree size. */
  static final class MatchRecord {
    private MatchRecord() {}

    /** The tally a match counts in: (indicator, bucket). */
    static String key(Match m, long bucketStartMicros) {
      return m.indicatorId() + "|" + bucketStartMicros;
    }

    static Event event(JsonFields e) {
      List<JsonObject> objects = new ArrayList<>();
      for (JsonFields o : e.objects("objects")) {
        objects.add(o.json());
      }
      return new Event(e.string("source"), StixTimestamp.parse(e.string("time")), objects);
    }

    static JsonValue toJson(Event event, long treeSize) {
      List<JsonValue> objects = new ArrayList<>(event.objects());
      return JsonObject.builder()
          .put("source", event.source())
          .put("time", event.time().text())
          .put("objects", new JsonArray(objects))
          .put("plan_tree_size", treeSize)
          .build();
    }
  }
}
