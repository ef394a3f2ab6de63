package org.wuzhen.detect;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.wuzhen.stix.StixFormatException;

/**
 * The loop every line-oriented telemetry format shares: gzip recognised by its magic bytes, UTF-8
 * lines, and a line that cannot be read counted with its file and line number and skipped, never
 * stopping the file.
 */
final class LineReader {
  /** How many bad lines a {@link ReadReport} keeps with their reason; all are counted. */
  static final int MAX_BAD_LINES_KEPT = 1000;

  /** Longest line read; a longer one is a bad line (hostile or corrupt input). */
  static final int MAX_LINE_CHARS = 1 << 20;

  /** Turns one line into an event, or into nothing (headers, comments). */
  interface LineFormat {
    /**
     * @throws ZeekRecord.BadRecordException or {@link StixFormatException} for a bad line
     */
    Optional<Event> line(String line, String source);
  }

  private LineReader() {}

  static ReadReport read(String name, InputStream raw, LineFormat format, Consumer<Event> sink)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 65536);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 65536) : buffered;
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536);
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
      String source = name + ":" + lineNumber;
      try {
        if (line.length() > MAX_LINE_CHARS) {
          throw new ZeekRecord.BadRecordException(
              "line has " + line.length() + " characters, more than " + MAX_LINE_CHARS);
        }
        Optional<Event> event = format.line(line, source);
        if (event.isPresent()) {
          records++;
          events++;
          sink.accept(event.get());
        } else if (line.charAt(0) != '#') {
          records++;
        }
      } catch (ZeekRecord.BadRecordException | StixFormatException e) {
        records++;
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
