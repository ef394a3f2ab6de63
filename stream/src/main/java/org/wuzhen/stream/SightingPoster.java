package org.wuzhen.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The sink: reads the committed sightings (read_committed) and posts them to the node through its
 * normal write path, then commits the offsets. A crash between the post and the commit posts the
 * same versions again, which the node answers as duplicates: every version on the topic has a
 * deterministic id and a {@code modified} fixed when it was written. A delivery that failed (the
 * node unreachable, or answering an error) is retried with a growing pause, never skipped; objects
 * the node answered and refused are counted, logged and passed over, since the same objects would
 * be refused again and would hold up every later sighting. Runs on one thread.
 */
final class SightingPoster {
  private static final Logger LOG = LoggerFactory.getLogger(SightingPoster.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final Consumer<String, JsonValue> consumer;
  private final SightingSink sink;
  private final StreamCounters counters;

  SightingPoster(Consumer<String, JsonValue> consumer, SightingSink sink, StreamCounters counters) {
    this.consumer = consumer;
    this.sink = sink;
    this.counters = counters;
  }

  /** One poll: delivers what came (the newest version of each sighting) and commits. */
  void pollOnce(Duration wait, java.util.function.BooleanSupplier running)
      throws InterruptedException {
    ConsumerRecords<String, JsonValue> records = consumer.poll(wait);
    if (records.isEmpty()) {
      return;
    }
    Map<String, JsonArray> newest = new LinkedHashMap<>();
    for (ConsumerRecord<String, JsonValue> r : records) {
      if (r.key() != null && r.value() instanceof JsonArray objects) {
        newest.remove(r.key());
        newest.put(r.key(), objects);
      }
    }
    Map<String, JsonObject> objects = new LinkedHashMap<>();
    for (JsonArray sighting : newest.values()) {
      for (JsonValue v : sighting.elements()) {
        JsonObject o = (JsonObject) v;
        objects.putIfAbsent(
            o.string("id").orElseThrow() + "|" + o.string("modified").orElse(""), o);
      }
    }
    List<JsonObject> batch = new ArrayList<>(objects.values());
    Duration pause = Duration.ofMillis(250);
    SightingSink.Delivery delivery;
    while ((delivery = sink.deliver(batch)) instanceof SightingSink.Delivery.Failed failed) {
      if (!running.getAsBoolean()) {
        return; // not committed: the next start posts them again
      }
      LOG.warn("sightings sink: {} (tried again in {} ms)", failed.reason(), pause.toMillis());
      Thread.sleep(pause.toMillis());
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
    if (delivery instanceof SightingSink.Delivery.Refused refused) {
      counters.refused.add(refused.objects());
      LOG.warn(
          "sightings sink: the node refused {} of {} objects; passed over",
          refused.objects(),
          batch.size());
    }
    counters.posted.add(newest.size());
    consumer.commitSync();
  }
}
