package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

/** A telemetry format of a {@link LiveDetection}, with what reading it needs. */
public sealed interface TelemetryFormat {
  /** Zeek logs, JSON or TSV (from the header). */
  record Zeek() implements TelemetryFormat {}

  /** Suricata EVE JSON. */
  record Eve() implements TelemetryFormat {}

  /** Generic JSON lines, read through a field mapping. */
  record JsonLines(FieldMapping mapping) implements TelemetryFormat {
    public JsonLines {
      requireNonNull(mapping, "mapping");
    }
  }

  /** The reader of this format, building only the observable types wanted. */
  default TelemetryReader reader(ObservableTypes wanted) {
    return switch (this) {
      case Zeek z -> TelemetryReader.zeek(wanted);
      case Eve e -> TelemetryReader.eve(wanted);
      case JsonLines j -> TelemetryReader.jsonl(j.mapping(), wanted);
    };
  }
}
