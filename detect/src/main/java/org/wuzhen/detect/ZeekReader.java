package org.wuzhen.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * Reads Zeek logs into events: JSON lines (one object per line) or TSV (header-driven by {@code
 * #separator}, {@code #set_separator}, {@code #empty_field}, {@code #unset_field}, {@code #fields},
 * {@code #types}), either one gzip-compressed (recognised by its magic bytes). A line that cannot
 * be read (bad JSON, a field of the wrong type, a wrong number of columns) is counted with its file
 * and line number and skipped; it never stops the file.
 */
public final class ZeekReader {
  /** How many bad lines a {@link ReadReport} keeps with their reason; all are counted. */
  public static final int MAX_BAD_LINES_KEPT = LineReader.MAX_BAD_LINES_KEPT;

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
    return read(name, raw, ObservableTypes.ALL, sink);
  }

  /** Reads a stream, building only the observable types wanted. */
  public static ReadReport read(
      String name, InputStream raw, ObservableTypes wanted, Consumer<Event> sink)
      throws IOException {
    return LineReader.read(name, raw, new ZeekFormat(name, wanted, null), sink);
  }

  /**
   * Reads a stream at line rate for a plan: a line the plan's raw probe shows to match nothing is
   * counted through {@code unmatched} and never built into an event; every other line reaches
   * {@code sink} as {@link #read} would give it.
   */
  static ReadReport read(
      String name,
      InputStream raw,
      ObservableTypes wanted,
      Supplier<RawProbe> probe,
      Consumer<Event> sink,
      LongConsumer unmatched)
      throws IOException {
    return LineReader.read(name, raw, new ZeekFormat(name, wanted, probe), sink, unmatched);
  }

  /**
   * The line format of {@link #read(String, InputStream, ObservableTypes, Supplier, Consumer,
   * LongConsumer)}; one per thread.
   */
  static LineReader.LineFormat format(
      String name, ObservableTypes wanted, Supplier<RawProbe> probe) {
    return new ZeekFormat(name, wanted, probe);
  }

  /** Zeek's lines: TSV after a {@code #fields} header, JSON objects otherwise. */
  private static final class ZeekFormat implements LineReader.LineFormat {
    private final String defaultPath;
    private final ObservableTypes wanted;
    private final ZeekLineCheck check;
    private TsvHeader header;

    /** {@code probe}: null to build every line into an event. */
    ZeekFormat(String name, ObservableTypes wanted, Supplier<RawProbe> probe) {
      this.wanted = wanted;
      this.defaultPath = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      this.check = probe == null ? null : new ZeekLineCheck(probe);
    }

    @Override
    public int look(byte[] bytes, int start, int end) {
      if (check == null || bytes[start] == '#') {
        return ZeekLineCheck.UNDECIDED;
      }
      if (header != null && header.hasFields()) {
        return check.tsv(bytes, start, end, header, tsvPath());
      }
      return check.json(bytes, start, end, defaultPath);
    }

    @Override
    public int lineEnd(byte[] bytes, int start, int limit) {
      if (check == null) {
        return -1;
      }
      return header != null && header.hasFields()
          ? check.tsvEnd(bytes, start, limit, header, tsvPath())
          : check.jsonEnd(bytes, start, limit);
    }

    @Override
    public boolean changesState(byte[] bytes, int start, int end) {
      return bytes[start] == '#';
    }

    @Override
    public Event fromBytes(byte[] bytes, int start, int end, String source) {
      return ZeekObservables.toEvent(record(bytes, start, end), source, wanted);
    }

    @Override
    public Event matchingFromBytes(
        byte[] bytes, int start, int end, String source, MatchFields fields) {
      return ZeekObservables.toEvent(record(bytes, start, end), source, fields);
    }

    private ZeekRecord record(byte[] bytes, int start, int end) {
      return header != null && header.hasFields()
          ? new TsvZeekRecord(tsvPath(), header, check.tsvColumns(bytes))
          : check.jsonRecord(bytes, start, end);
    }

    private String tsvPath() {
      return header.path().isEmpty() ? defaultPath : header.path();
    }

    @Override
    public Optional<Event> line(String line, String source) {
      if (line.charAt(0) == '#') {
        if (header == null) {
          header = new TsvHeader();
        }
        header.read(line);
        return Optional.empty();
      }
      ZeekRecord record;
      if (header != null && header.hasFields()) {
        record = new TsvZeekRecord(tsvPath(), header, header.split(line));
      } else {
        JsonValue json = Json.parse(line);
        if (!(json instanceof JsonObject o)) {
          throw new ZeekRecord.BadRecordException("expected a JSON object, found " + json.kind());
        }
        record = new JsonZeekRecord(o.string("_path").orElse(defaultPath), o);
      }
      return Optional.of(ZeekObservables.toEvent(record, source, wanted));
    }
  }
}
