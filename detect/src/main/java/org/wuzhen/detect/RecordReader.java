package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;

/**
 * Reads telemetry one record at a time, as a message bus carries it (one Kafka record holds one
 * Zeek log entry, one EVE record or one mapped JSON line), where {@link TelemetryReader} reads
 * files of lines. A record that cannot be read is an {@link Outcome.Bad} with the reason, never an
 * exception. Thread-safe.
 */
public final class RecordReader {
  /** A record longer than this many bytes is bad (as a line is for {@link TelemetryReader}). */
  public static final int MAX_RECORD_BYTES = 3 * (1 << 20);

  /** What one record gave. */
  public sealed interface Outcome {
    /** The record's event. */
    record Read(Event event) implements Outcome {
      public Read {
        requireNonNull(event, "event");
      }
    }

    /** A record that cannot be read, and why. */
    record Bad(String problem) implements Outcome {
      public Bad {
        requireNonNull(problem, "problem");
      }
    }
  }

  private final BiFunction<JsonObject, String, Event> toEvent;

  private RecordReader(BiFunction<JsonObject, String, Event> toEvent) {
    this.toEvent = toEvent;
  }

  /**
   * Zeek JSON as zeek-kafka writes it: tagged ({@code {"conn": {...}}}, the log type being the tag)
   * or untagged (the log type from {@code _path}, else {@code defaultLogPath}, usually named after
   * the topic).
   */
  public static RecordReader zeek(String defaultLogPath, ObservableTypes wanted) {
    requireNonNull(defaultLogPath, "defaultLogPath");
    requireNonNull(wanted, "wanted");
    return new RecordReader(
        (o, source) -> {
          JsonZeekRecord record =
              tagged(o)
                  .orElseGet(() -> new JsonZeekRecord(o.string("_path").orElse(defaultLogPath), o));
          return ZeekObservables.toEvent(record, source, wanted);
        });
  }

  /** Suricata EVE JSON, one record per message. */
  public static RecordReader eve(ObservableTypes wanted) {
    requireNonNull(wanted, "wanted");
    return new RecordReader(
        (o, source) -> EveObservables.toEvent(new JsonZeekRecord("eve", o), source, wanted));
  }

  /** Generic JSON through a field mapping, one object per message. */
  public static RecordReader jsonl(FieldMapping mapping, ObservableTypes wanted) {
    requireNonNull(mapping, "mapping");
    requireNonNull(wanted, "wanted");
    return new RecordReader(
        (o, source) ->
            MappedObservables.toEvent(mapping, new JsonZeekRecord("jsonl", o), source, wanted));
  }

  /**
   * Reads one record; {@code source} names it in the event (for example topic-partition@offset).
   */
  public Outcome read(byte[] record, String source) {
    requireNonNull(record, "record");
    requireNonNull(source, "source");
    if (record.length > MAX_RECORD_BYTES) {
      return new Outcome.Bad(
          "record has " + record.length + " bytes, more than " + MAX_RECORD_BYTES);
    }
    try {
      JsonValue json = Json.parse(new String(record, StandardCharsets.UTF_8));
      if (!(json instanceof JsonObject o)) {
        return new Outcome.Bad("expected a JSON object, found " + json.kind());
      }
      return new Outcome.Read(toEvent.apply(o, source));
    } catch (ZeekRecord.BadRecordException | StixFormatException | IllegalArgumentException e) {
      return new Outcome.Bad(e.getMessage());
    }
  }

  /** zeek-kafka's {@code tag_json}: one member, the log type, holding the record. */
  private static Optional<JsonZeekRecord> tagged(JsonObject o) {
    if (o.size() != 1) {
      return Optional.empty();
    }
    return o.valueAt(0) instanceof JsonObject inner
        ? Optional.of(new JsonZeekRecord(o.nameAt(0), inner))
        : Optional.empty();
  }
}
