package org.wuzhen.stream;

import static java.util.Objects.requireNonNull;

import org.wuzhen.detect.ObservableTypes;
import org.wuzhen.detect.RecordReader;
import org.wuzhen.detect.TelemetryFormat;

/**
 * One telemetry topic and the format of its records.
 *
 * @param zeekLog for Zeek, the log type of an untagged record without {@code _path} (zeek-kafka
 *     writes one topic per log, or tags each record)
 */
public record TelemetryTopic(String topic, TelemetryFormat format, String zeekLog) {
  public TelemetryTopic {
    requireNonNull(topic, "topic");
    requireNonNull(format, "format");
    requireNonNull(zeekLog, "zeekLog");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic: empty");
    }
  }

  /** A Zeek topic whose untagged records are of the log its last dot-separated part names. */
  public static TelemetryTopic zeek(String topic) {
    return new TelemetryTopic(topic, new TelemetryFormat.Zeek(), lastPart(topic));
  }

  static String lastPart(String topic) {
    return topic.substring(topic.lastIndexOf('.') + 1);
  }

  RecordReader reader(ObservableTypes wanted) {
    return switch (format) {
      case TelemetryFormat.Zeek z -> RecordReader.zeek(zeekLog, wanted);
      case TelemetryFormat.Eve e -> RecordReader.eve(wanted);
      case TelemetryFormat.JsonLines j -> RecordReader.jsonl(j.mapping(), wanted);
    };
  }
}
