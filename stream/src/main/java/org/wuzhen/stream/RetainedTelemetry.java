package org.wuzhen.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the telemetry Kafka still retains for a retro-hunt: a consumer of its own (no group, no
 * commits, read_committed), assigned one partition and positioned by offset. Used by one stream
 * thread.
 */
final class RetainedTelemetry implements AutoCloseable {
  /** Records read, and the offset reading goes on from. */
  record Batch(List<ConsumerRecord<byte[], byte[]>> records, long next) {
    Batch {
      records = List.copyOf(records);
    }
  }

  private final Consumer<byte[], byte[]> consumer;

  RetainedTelemetry(Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /**
   * The first offset of the partition whose record timestamp is at or after {@code timestampMs}
   * (Kafka's time index); {@code otherwise} when every retained record is older.
   */
  long offsetAt(TopicPartition partition, long timestampMs, long otherwise) {
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(Map.of(partition, timestampMs), Duration.ofSeconds(30));
    OffsetAndTimestamp o = found.get(partition);
    return o == null ? otherwise : o.offset();
  }

  /**
   * Up to about {@code max} records at offsets in [from, to), within {@code patience}; records the
   * retention already deleted are skipped (reading starts at the oldest retained).
   */
  Batch read(TopicPartition partition, long from, long to, int max, Duration patience) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + patience.toNanos();
    long position = from;
    while (out.size() < max && position < to && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.offset() < to) {
          out.add(r);
        }
      }
      position = consumer.position(partition);
    }
    return new Batch(out, Math.min(position, to));
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
