package org.wuzhen.detect;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;

/**
 * Reads Zeek logs into events: JSON lines (one object per line) or TSV (header-driven by {@code
 * #separator}, {@code #set_separator}, {@code #empty_field}, {@code #unset_field}, {@code #fields},
 * {@code #types}), either one gzip-compressed (recognised by its magic bytes). A line that cannot
 * be read (bad JSON, a field of the wrong type, a wrong number of columns) is counted with its file
 * and line number and skipped; it never stops the file.
 */
public final class ZeekReader {
  /** How many bad lines a {@link ReadReport} keeps with their reason; all are counted. */
  public static final int MAX_BAD_LINES_KEPT = 1000;

  private ZeekReader() {}

  /** Reads a file; {@code sink} receives each event in file order. */
  public static ReadReport read(Path file, Consumer<Event> sink) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.getFileName().toString(), in, sink);
    }
  }

  /**
   * Reads a stream. {@code name} names the file in events and bad lines; without a {@code _path} or
   * {@code #path}, the log type is its first dot-separated part ({@code dns.log.gz}: dns).
   */
  public static ReadReport read(String name, InputStream raw, Consumer<Event> sink)
      throws IOException {
    String defaultPath = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    BufferedInputStream buffered = new BufferedInputStream(raw);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 65536) : buffered;
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536);
    TsvHeader header = null;
    long lineNumber = 0;
    long records = 0;
    long events = 0;
    long bad = 0;
    List<ReadReport.BadLine> kept = new ArrayList<>();
    while (true) {
      String line;
      try {
        line = reader.readLine();
      } catch (EOFException | ZipException e) {
        // A truncated or corrupt gzip stream: what was read stands, the rest is reported.
        bad++;
        keep(
            kept,
            new ReadReport.BadLine(name, lineNumber + 1, "compressed data: " + e.getMessage()));
        break;
      }
      if (line == null) {
        break;
      }
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == '#') {
        if (header == null) {
          header = new TsvHeader();
        }
        header.read(line);
        continue;
      }
      records++;
      String source = name + ":" + lineNumber;
      try {
        ZeekRecord record;
        if (header != null && header.hasFields()) {
          String path = header.path().isEmpty() ? defaultPath : header.path();
          record = new TsvZeekRecord(path, header, header.split(line));
        } else {
          JsonValue json = Json.parse(line);
          if (!(json instanceof JsonObject o)) {
            throw new ZeekRecord.BadRecordException("expected a JSON object, found " + json.kind());
          }
          record = new JsonZeekRecord(o.string("_path").orElse(defaultPath), o);
        }
        Event event = ZeekObservables.toEvent(record, source);
        events++;
        sink.accept(event);
      } catch (ZeekRecord.BadRecordException | StixFormatException e) {
        bad++;
        keep(kept, new ReadReport.BadLine(name, lineNumber, e.getMessage()));
      }
    }
    return new ReadReport(name, records, events, bad, kept);
  }

  private static void keep(List<ReadReport.BadLine> kept, ReadReport.BadLine line) {
    if (kept.size() < MAX_BAD_LINES_KEPT) {
      kept.add(line);
    }
  }
}
