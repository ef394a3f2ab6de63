package org.wuzhen.detect;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * One JSON object per line (Suricata EVE, generic JSON lines through a mapping), each turned into
 * an event by a format's {@code toEvent}; at line rate, a line is first looked at on its bytes
 * ({@link JsonLineCheck}) and built only when it may match.
 */
final class JsonLinesFormat implements LineReader.LineFormat {
  private final String logPath;
  private final ObservableTypes wanted;
  private final ToEvent toEvent;
  private final JsonLineCheck check;

  /** A format's mapping of one record to an event of the given types. */
  @FunctionalInterface
  interface ToEvent {
    Event apply(JsonRecord record, String source, ObservableTypes types);
  }

  /** {@code check}: null to build every line into an event. */
  private JsonLinesFormat(
      String logPath, ObservableTypes wanted, ToEvent toEvent, JsonLineCheck check) {
    this.logPath = logPath;
    this.wanted = wanted;
    this.toEvent = toEvent;
    this.check = check;
  }

  /** Every line parsed and built: the exact reading. */
  static JsonLinesFormat exact(String logPath, BiFunction<JsonRecord, String, Event> toEvent) {
    return new JsonLinesFormat(
        logPath,
        ObservableTypes.ALL,
        (record, source, types) -> toEvent.apply(record, source),
        null);
  }

  /** Suricata EVE at line rate for the plans {@code probe} gives. */
  static JsonLinesFormat eve(ObservableTypes wanted, Supplier<RawProbe> probe) {
    return new JsonLinesFormat(
        "eve", wanted, EveObservables::toEvent, new JsonLineCheck(probe, EveFields.INSTANCE));
  }

  /** Generic JSON lines at line rate. */
  static JsonLinesFormat mapped(
      FieldMapping mapping, MappedFields fields, ObservableTypes wanted, Supplier<RawProbe> probe) {
    return new JsonLinesFormat(
        "jsonl",
        wanted,
        (record, source, types) -> MappedObservables.toEvent(mapping, record, source, types),
        new JsonLineCheck(probe, fields));
  }

  @Override
  public Optional<Event> line(String line, String source) {
    JsonValue json = Json.parse(line);
    if (!(json instanceof JsonObject o)) {
      throw new ZeekRecord.BadRecordException("expected a JSON object, found " + json.kind());
    }
    return Optional.of(toEvent.apply(new JsonZeekRecord(logPath, o), source, wanted));
  }

  @Override
  public int look(byte[] bytes, int start, int end) {
    return check == null ? ZeekLineCheck.UNDECIDED : check.look(bytes, start, end);
  }

  @Override
  public int lineEnd(byte[] bytes, int start, int limit) {
    return check == null ? -1 : check.lineEnd(bytes, start, limit);
  }

  @Override
  public Event fromBytes(byte[] bytes, int start, int end, String source) {
    return toEvent.apply(new ScannedJsonRecord(logPath, check.tape(), 0), source, wanted);
  }

  @Override
  public Event matchingFromBytes(
      byte[] bytes, int start, int end, String source, MatchFields fields) {
    return toEvent.apply(new ScannedJsonRecord(logPath, check.tape(), 0), source, fields);
  }
}
