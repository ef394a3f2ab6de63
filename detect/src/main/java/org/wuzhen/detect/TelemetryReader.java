package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

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
    return ZeekReader::read;
  }

  /** Suricata EVE JSON: alert, dns, http, tls, flow and fileinfo records. */
  static TelemetryReader eve() {
    return (name, in, sink) ->
        LineReader.read(
            name,
            in,
            (line, source) ->
                Optional.of(
                    EveObservables.toEvent(new JsonZeekRecord("eve", object(line)), source)),
            sink);
  }

  /** Generic JSON lines through a field mapping. */
  static TelemetryReader jsonl(FieldMapping mapping) {
    requireNonNull(mapping, "mapping");
    return (name, in, sink) ->
        LineReader.read(
            name,
            in,
            (line, source) ->
                Optional.of(
                    MappedObservables.toEvent(
                        mapping, new JsonZeekRecord("jsonl", object(line)), source)),
            sink);
  }

  private static JsonObject object(String line) {
    JsonValue json = Json.parse(line);
    if (!(json instanceof JsonObject o)) {
      throw new ZeekRecord.BadRecordException("expected a JSON object, found " + json.kind());
    }
    return o;
  }
}
