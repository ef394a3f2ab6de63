package org.wuzhen.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.UnreadableInputException;
import org.wuzhen.stix.StixObject;

/**
 * Fills the compacted indicators topic from the node: the newest version of each indicator the
 * member may use (the source reads through the node's read decision), a tombstone for one revoked
 * or excluded by the community's rules, each record carrying the node's log tree size. Called from
 * one thread.
 */
final class IndicatorPublisher {
  private final IndicatorSource source;
  private final LongSupplier treeSize;
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final StreamCounters counters;
  private final Map<String, StixObject> newest = new HashMap<>();

  /** What the topic holds: id to the version published (absent: withdrawn or never written). */
  private final Map<String, String> published = new HashMap<>();

  /** Ids the topic held once and withdrew: their return is not new (retro-hunting skips it). */
  private final Set<String> withdrawnOnce = new HashSet<>();

  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private Set<String> excluded = Set.of();

  IndicatorPublisher(
      IndicatorSource source,
      LongSupplier treeSize,
      Producer<String, byte[]> producer,
      String topic,
      StreamCounters counters) {
    this.source = source;
    this.treeSize = treeSize;
    this.producer = producer;
    this.topic = topic;
    this.counters = counters;
  }

  /**
   * The first pass: everything the source holds; ids the topic still holds ({@code inTopic}, the
   * restored plan) but the source no longer offers are withdrawn; {@code withdrawnFromTopic}: the
   * ids whose tombstones the topic still holds.
   */
  void start(Set<String> inTopic, Set<String> withdrawnFromTopic) throws UnreadableInputException {
    for (String id : inTopic) {
      published.put(id, "");
    }
    withdrawnOnce.addAll(withdrawnFromTopic);
    take(source.load());
    excluded = source.excluded();
    sync();
  }

  /** One poll: new versions, and the exclusions now. */
  void poll() throws UnreadableInputException {
    take(source.more());
    excluded = source.excluded();
    sync();
  }

  private void take(List<StixObject> objects) {
    for (StixObject o : objects) {
      if (!o.type().equals("indicator")) {
        continue;
      }
      StixObject known = newest.get(o.id().text());
      if (known == null || isNewer(o, known)) {
        newest.put(o.id().text(), o);
      }
    }
  }

  private static boolean isNewer(StixObject o, StixObject than) {
    return o.modified().isPresent()
        && (than.modified().isEmpty() || than.modified().get().isBefore(o.modified().get()));
  }

  private void sync() {
    long size = treeSize.getAsLong();
    Set<String> wanted = new HashSet<>();
    for (StixObject o : newest.values()) {
      String id = o.id().text();
      if (o.revoked() || excluded.contains(id)) {
        continue;
      }
      wanted.add(id);
      String version = o.modified().map(t -> t.text()).orElse("");
      if (!version.equals(published.get(id))) {
        boolean isNew = !published.containsKey(id) && !withdrawnOnce.contains(id);
        send(id, o.toJson().getBytes(StandardCharsets.UTF_8), size, isNew);
        published.put(id, version);
        counters.published.increment();
      }
    }
    for (String id : Set.copyOf(published.keySet())) {
      if (!wanted.contains(id)) {
        send(id, null, size, false);
        published.remove(id);
        withdrawnOnce.add(id);
        counters.withdrawn.increment();
      }
    }
    producer.flush();
    Exception failed = failure.getAndSet(null);
    if (failed != null) {
      // Written again in full by the next start; the command stops on this.
      throw new IllegalStateException(topic + ": " + failed.getMessage(), failed);
    }
  }

  private void send(String id, byte[] value, long size, boolean isNew) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        PlanUpdater.TREE_SIZE_HEADER, Long.toString(size).getBytes(StandardCharsets.US_ASCII));
    if (value != null) {
      headers.add(
          PlanUpdater.NEW_HEADER, Boolean.toString(isNew).getBytes(StandardCharsets.US_ASCII));
    }
    producer.send(
        new ProducerRecord<>(topic, null, id, value, headers),
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }
}
