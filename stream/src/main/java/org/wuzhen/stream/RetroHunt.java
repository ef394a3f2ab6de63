package org.wuzhen.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.Match;
import org.wuzhen.detect.RecordReader;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.Sightings;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * Retro-hunting of one telemetry partition (docs/scale-out.md, "Retro-hunt"), run by the stage A
 * task that matches it live, so the boundary between the two is exact: the task records the plan
 * position it matched with; when it first matches a record with a later plan, every record before
 * that one was matched without the indicators new to the plan in between, and exactly those
 * records, back to the look-back, are matched again against a small plan of just those indicators.
 * Positions only move forward per partition: a task whose plan is behind the recorded position (an
 * instance whose global thread lags) waits for it. The hunts' progress is in a changelogged store
 * written in the same transaction as the matches they forward (exactly-once), so a hunt cut by a
 * crash resumes where its last commit left it, and its matches join the live ones' tallies: the
 * same sighting ids, no record counted twice. Not thread-safe: one task.
 */
final class RetroHunt {
  static final String STORE = "wuzhen-retro-hunts";
  private static final Logger LOG = LoggerFactory.getLogger(RetroHunt.class);
  private static final int CHUNK = 5_000;
  private static final Duration PLAN_PATIENCE = Duration.ofSeconds(120);

  /** One hunt: the records at offsets [next, to) still to match against {@code indicators}. */
  private static final class Hunt {
    long next;
    final long sinceMs;
    final long to;
    final long treeSize;
    final List<String> indicators;
    DetectionEngine engine;

    Hunt(long next, long sinceMs, long to, long treeSize, List<String> indicators) {
      this.next = next;
      this.sinceMs = sinceMs;
      this.to = to;
      this.treeSize = treeSize;
      this.indicators = List.copyOf(indicators);
    }

    DetectionEngine engine() {
      if (engine == null) {
        List<StixObject> objects = new ArrayList<>();
        for (String json : indicators) {
          objects.add(StixObject.parse(json));
        }
        engine = DetectionEngine.compile(objects);
      }
      return engine;
    }
  }

  private final TelemetryTopic topic;
  private final IndicatorPlan plan;
  private final Duration lookback;
  private final Duration interval;
  private final SightingOptions options;
  private final StreamCounters counters;
  private final Supplier<RetainedTelemetry> retained;
  private ProcessorContext<String, JsonValue> context;
  private KeyValueStore<String, JsonValue> store;
  private TopicPartition partition;
  private String key;
  private RetainedTelemetry reader;

  /** The plan position this partition was matched with; -1 before its first record. */
  private long position;

  /** The last offset matched since this task was (re)initialised; -1: none. */
  private long lastOffset;

  private List<Hunt> hunts;

  RetroHunt(
      TelemetryTopic topic,
      IndicatorPlan plan,
      Duration lookback,
      Duration interval,
      SightingOptions options,
      StreamCounters counters,
      Supplier<RetainedTelemetry> retained) {
    this.topic = topic;
    this.plan = plan;
    this.lookback = lookback;
    this.interval = interval;
    this.options = options;
    this.counters = counters;
    this.retained = retained;
  }

  void init(ProcessorContext<String, JsonValue> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.partition = new TopicPartition(topic.topic(), context.taskId().partition());
    this.key = topic.topic() + "|" + partition.partition();
    // Reset on every (re)initialisation: a task revived after an aborted transaction must not
    // trust an offset it matched in that transaction.
    this.lastOffset = -1;
    load();
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  /** The plan to match the record at {@code offset} with; records the switch if it moved on. */
  PlanSnapshot before(long offset) {
    PlanSnapshot s = plan.current();
    if (position >= 0 && s.position() < position) {
      s = awaitPlan();
    }
    if (position < 0) {
      position = s.position(); // the first record: nothing was matched before it
      save();
    } else if (s.position() > position) {
      switchTo(s, offset);
    }
    lastOffset = offset;
    return s;
  }

  private PlanSnapshot awaitPlan() {
    long deadline = System.nanoTime() + PLAN_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      PlanSnapshot s = plan.current();
      if (s.position() >= position) {
        return s;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException(
        partition
            + ": the plan has read the indicators topic to offset "
            + plan.position()
            + ", behind the "
            + position
            + " this partition was matched with; is the indicators topic readable?");
  }

  /** The records before {@code boundary} were matched without the additions up to the plan's. */
  private void switchTo(PlanSnapshot s, long boundary) {
    AdditionJournal.Between added = plan.additionsBetween(position, s.position());
    if (!added.complete()) {
      counters.retroHuntsIncomplete.increment();
      LOG.warn(
          "{}: indicators added between plan positions {} and {} are too many to remember;"
              + " the oldest are not retro-hunted",
          partition,
          position,
          s.position());
    }
    counters.planSwitches.increment();
    List<String> indicators = new ArrayList<>();
    for (AdditionJournal.Addition a : added.additions()) {
      if (plan.holds(a.id())) {
        indicators.add(new String(a.json(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    if (!indicators.isEmpty()) {
      long since = context.currentSystemTimeMs() - lookback.toMillis();
      hunts.add(new Hunt(-1, since, boundary, s.treeSize(), indicators));
      counters.retroHunts.increment();
    }
    position = s.position();
    save();
  }

  private void punctuate(long now) {
    PlanSnapshot s = plan.current();
    if (position >= 0 && lastOffset >= 0 && s.position() > position) {
      // An idle partition: the next record will be matched with this plan at least.
      switchTo(s, lastOffset + 1);
    }
    if (!hunts.isEmpty()) {
      huntOnce(s);
    }
  }

  /** Matches one chunk of the retained records every hunt still needs. */
  private void huntOnce(PlanSnapshot s) {
    if (reader == null) {
      reader = retained.get();
    }
    for (Hunt h : hunts) {
      if (h.next < 0) {
        h.next = Math.min(reader.offsetAt(partition, h.sinceMs, h.to), h.to);
      }
    }
    hunts.removeIf(h -> h.next >= h.to);
    if (hunts.isEmpty()) {
      save();
      return;
    }
    long from = hunts.stream().mapToLong(h -> h.next).min().orElseThrow();
    long to = hunts.stream().mapToLong(h -> h.to).max().orElseThrow();
    RetainedTelemetry.Batch batch = reader.read(partition, from, to, CHUNK, Duration.ofSeconds(2));
    RecordReader records = topic.reader(s.observableTypes());
    for (ConsumerRecord<byte[], byte[]> r : batch.records()) {
      counters.retroHunted.increment();
      if (r.value() == null) {
        continue;
      }
      String source = r.topic() + "-" + r.partition() + "@" + r.offset();
      if (!(records.read(r.value(), source) instanceof RecordReader.Outcome.Read read)) {
        continue; // counted as bad when it was matched live
      }
      for (Hunt h : hunts) {
        if (r.offset() < h.next || r.offset() >= h.to) {
          continue;
        }
        for (Match m : h.engine().match(read.event())) {
          if (!plan.holds(m.indicatorId())) {
            continue; // withdrawn since: no more sightings of it
          }
          counters.matches.increment();
          counters.retroMatches.increment();
          long bucket = Sightings.bucketStartMicros(options, read.event().time());
          context.forward(
              new Record<>(
                  MatchingProcessor.MatchRecord.key(m, bucket),
                  MatchingProcessor.MatchRecord.toJson(read.event(), h.treeSize),
                  r.timestamp()));
        }
      }
    }
    for (Hunt h : hunts) {
      if (h.next < batch.next()) {
        h.next = Math.min(batch.next(), h.to);
      }
    }
    hunts.removeIf(h -> h.next >= h.to);
    save();
  }

  private void load() {
    JsonValue v = store.get(key);
    hunts = new ArrayList<>();
    if (v == null) {
      position = -1;
      return;
    }
    JsonFields f = JsonFields.of(v, key);
    position = f.integer("position");
    for (JsonFields h : f.objects("hunts")) {
      List<String> indicators = new ArrayList<>();
      for (JsonValue i : h.array("indicators")) {
        indicators.add(((JsonString) i).value());
      }
      hunts.add(
          new Hunt(
              h.integer("next"),
              h.integer("since_ms"),
              h.integer("to"),
              h.integer("tree_size"),
              indicators));
    }
  }

  private void save() {
    List<JsonValue> list = new ArrayList<>();
    for (Hunt h : hunts) {
      List<JsonValue> indicators = new ArrayList<>();
      for (String i : h.indicators) {
        indicators.add(new JsonString(i));
      }
      list.add(
          JsonObject.builder()
              .put("next", h.next)
              .put("since_ms", h.sinceMs)
              .put("to", h.to)
              .put("tree_size", h.treeSize)
              .put("indicators", new JsonArray(indicators))
              .build());
    }
    store.put(
        key,
        JsonObject.builder()
            .put("position", JsonNumber.of(position))
            .put("hunts", new JsonArray(list))
            .build());
  }

  void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
