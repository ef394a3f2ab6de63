package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads one telemetry format into events. Input may be gzip-compressed (recognised by its magic
 * bytes); a line that cannot be read is counted in the {@link ReadReport} with its file and line
 * number and skipped, never stopping the input.
 */
@FunctionalInterface
public interface TelemetryReader {
  /**
   * Reads a stream; {@code name} names it in events and bad lines; {@code sink} receives each event
   * in input order.
   */
  ReadReport read(String name, InputStream in, Consumer<Event> sink) throws IOException;

  /** Zeek logs, JSON or TSV (header-driven), see {@link ZeekReader}. */
  static TelemetryReader zeek() {
    return zeek(ObservableTypes.ALL);
  }

  /** Zeek logs, building only the observable types wanted. */
  static TelemetryReader zeek(ObservableTypes wanted) {
    requireNonNull(wanted, "wanted");
    return (name, in, sink) -> ZeekReader.read(name, in, wanted, sink);
  }

  /** Suricata EVE JSON: alert, dns, http, tls, flow and fileinfo records. */
  static TelemetryReader eve() {
    return eve(ObservableTypes.ALL);
  }

  /** Suricata EVE JSON, building only the observable types wanted. */
  static TelemetryReader eve(ObservableTypes wanted) {
    requireNonNull(wanted, "wanted");
    return jsonLines("eve", (record, source) -> EveObservables.toEvent(record, source, wanted));
  }

  /** Generic JSON lines through a field mapping. */
  static TelemetryReader jsonl(FieldMapping mapping) {
    return jsonl(mapping, ObservableTypes.ALL);
  }

  /** Generic JSON lines through a field mapping, building only the observable types wanted. */
  static TelemetryReader jsonl(FieldMapping mapping, ObservableTypes wanted) {
    requireNonNull(mapping, "mapping");
    requireNonNull(wanted, "wanted");
    return jsonLines(
        "jsonl", (record, source) -> MappedObservables.toEvent(mapping, record, source, wanted));
  }

  /** One JSON object per line, each turned into an event by {@code toEvent}. */
  private static TelemetryReader jsonLines(
      String logPath, java.util.function.BiFunction<JsonRecord, String, Event> toEvent) {
    return (name, in, sink) ->
        LineReader.read(name, in, JsonLinesFormat.exact(logPath, toEvent), sink);
  }
}
