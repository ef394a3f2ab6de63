package org.wuzhen.detect;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.zip.ZipException;
import org.wuzhen.stix.StixFormatException;

/**
 * The loop every line-oriented telemetry format shares: gzip recognised by its magic bytes and
 * inflated on a thread of its own ({@link InflatingPipe}), lines split on bytes ({@link
 * ByteLines}), a format's look at the raw bytes first ({@link LineFormat#look}), UTF-8 decoding
 * only for the lines it cannot decide, and a line that cannot be read counted with its file and
 * line number and skipped, never stopping the file.
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

    /**
     * A look at the raw bytes of a line ({@code [start, end)} of {@code bytes}, not empty) before
     * it is decoded: {@link ZeekLineCheck#UNMATCHED} only when the line is certainly a good event
     * that matches no indicator of the current plan, so it need not be read into an event at all;
     * {@link ZeekLineCheck#READABLE} when it is a good record that {@link #fromBytes} reads without
     * decoding the line; {@link ZeekLineCheck#UNDECIDED} whenever in doubt: the line is then
     * decoded and read by {@link #line}, which decides.
     */
    default int look(byte[] bytes, int start, int end) {
      return ZeekLineCheck.UNDECIDED;
    }

    /**
     * Whether reading this line (not empty) may change how the lines after it are read (a Zeek TSV
     * header): such a line and every line after it are read in order, on one thread.
     */
    default boolean changesState(byte[] bytes, int start, int end) {
      return false;
    }

    /**
     * Where the line starting at {@code start} ends, found by reading it ({@link ByteLines.Ends}):
     * the index of its {@code \n}, or -1 when not sure. A format that answers reads the line in
     * {@link #look} without reading it again.
     */
    default int lineEnd(byte[] bytes, int start, int limit) {
      return -1;
    }

    /** The event of the line {@link #look} found readable. */
    default Event fromBytes(byte[] bytes, int start, int end, String source) {
      throw new UnsupportedOperationException();
    }

    /**
     * The event of the line {@link #look} found readable, its objects holding only {@code fields}
     * ({@link ObservableSet}); the same reads as {@link #fromBytes}, so the same errors. Null when
     * the format cannot build such events.
     */
    default Event matchingFromBytes(
        byte[] bytes, int start, int end, String source, MatchFields fields) {
      return null;
    }
  }

  /**
   * A sink that takes the events of readable lines built for matching only ({@link MatchFields}),
   * and asks for a line's whole event only when it needs it (a sighting's sample).
   */
  interface MatchingSink extends Consumer<Event> {
    /** The fields of the plan current now, or empty for whole events. */
    Optional<MatchFields> matchFields();

    /**
     * An event whose objects hold only {@code fields}; {@code whole} builds the line's whole event,
     * and may be called only during this call.
     */
    void acceptMatching(Event event, MatchFields fields, Supplier<Event> whole);
  }

  private LineReader() {}

  static ReadReport read(String name, InputStream raw, LineFormat format, Consumer<Event> sink)
      throws IOException {
    return read(name, raw, format, sink, n -> {});
  }

  /**
   * Reads every line; {@code sink} receives each event read, and {@code unmatched} is told how many
   * events the format decided from their bytes alone ({@link LineFormat#look}): in batches, at the
   * latest before each read of the input and when the reading ends.
   */
  static ReadReport read(
      String name, InputStream raw, LineFormat format, Consumer<Event> sink, LongConsumer unmatched)
      throws IOException {
    Loop loop = new Loop(name, format, sink, unmatched, 0);
    try (InflatingPipe pipe = InflatingPipe.start(raw, name)) {
      loop.run(new ByteLines(pipe), false);
    }
    return loop.report();
  }

  /**
   * The reading of lines from some line on: the counts, the bad lines kept and the number of the
   * last line read. Mutable; one thread.
   */
  static final class Loop {
    private final String name;
    private final LineFormat format;
    private final Consumer<Event> sink;
    private final LongConsumer unmatched;
    // Unmatched lines not yet told: an atomic add per line was 1-2 % of the reading thread.
    private long unmatchedUntold;
    private final ByteLines.Ends ends;
    private long lineNumber;
    private long records;
    private long events;
    private long bad;
    private final List<ReadReport.BadLine> kept = new ArrayList<>();
    private long stoppedAt = -1;

    /** {@code linesBefore}: how many lines of the input come before the first one read here. */
    Loop(
        String name,
        LineFormat format,
        Consumer<Event> sink,
        LongConsumer unmatched,
        long linesBefore) {
      this.name = name;
      this.format = format;
      this.sink = sink;
      this.unmatched = unmatched;
      this.ends = format::lineEnd;
      this.lineNumber = linesBefore;
    }

    /**
     * Reads lines to the end; with {@code stopAtStateChange}, stops before a line that changes the
     * format's state ({@link LineFormat#changesState}), leaving it unread: then false, and {@link
     * #stoppedAt()} is its offset in {@code lines}.
     */
    boolean run(ByteLines lines, boolean stopAtStateChange) throws IOException {
      lines.beforeEachRead(this::tellUnmatched);
      try {
        return readLines(lines, stopAtStateChange);
      } finally {
        tellUnmatched();
      }
    }

    private void tellUnmatched() {
      if (unmatchedUntold > 0) {
        long n = unmatchedUntold;
        unmatchedUntold = 0;
        unmatched.accept(n);
      }
    }

    private boolean readLines(ByteLines lines, boolean stopAtStateChange) throws IOException {
      while (true) {
        try {
          if (!lines.next(ends)) {
            return true;
          }
        } catch (EOFException | ZipException e) {
          // A truncated or corrupt gzip stream: what was read stands, the rest is reported.
          bad++;
          keep(
              kept,
              new ReadReport.BadLine(name, lineNumber + 1, "compressed data: " + e.getMessage()));
          return true;
        }
        if (stopAtStateChange
            && lines.droppedBytes() == 0
            && lines.start() < lines.end()
            && format.changesState(lines.buffer(), lines.start(), lines.end())) {
          stoppedAt = lines.offset();
          return false;
        }
        lineNumber++;
        line(lines);
      }
    }

    long stoppedAt() {
      return stoppedAt;
    }

    long lineNumber() {
      return lineNumber;
    }

    long records() {
      return records;
    }

    long events() {
      return events;
    }

    long bad() {
      return bad;
    }

    List<ReadReport.BadLine> kept() {
      return kept;
    }

    /** Adds the counts and bad lines of a loop over the lines after this one's. */
    void add(Loop later) {
      records += later.records;
      events += later.events;
      bad += later.bad;
      for (ReadReport.BadLine b : later.kept) {
        keep(kept, b);
      }
      lineNumber = later.lineNumber;
    }

    ReadReport report() {
      return new ReadReport(name, records, events, bad, kept);
    }

    private void line(ByteLines lines) {
      if (lines.droppedBytes() > 0) {
        records++;
        bad++;
        keep(
            kept,
            new ReadReport.BadLine(
                name,
                lineNumber,
                "line has "
                    + lines.droppedBytes()
                    + " bytes, more than "
                    + MAX_LINE_CHARS
                    + " characters"));
        return;
      }
      int start = lines.start();
      int end = lines.end();
      if (start == end) {
        return;
      }
      int look = format.look(lines.buffer(), start, end);
      if (look == ZeekLineCheck.UNMATCHED) {
        records++;
        events++;
        unmatchedUntold++;
        return;
      }
      if (look == ZeekLineCheck.READABLE) {
        Optional<MatchFields> fields =
            sink instanceof MatchingSink m ? m.matchFields() : Optional.empty();
        if (fields.isPresent()) {
          byte[] bytes = lines.buffer();
          String source = name + ":" + lineNumber;
          try {
            Event event = format.matchingFromBytes(bytes, start, end, source, fields.get());
            if (event != null) {
              ((MatchingSink) sink)
                  .acceptMatching(
                      event, fields.get(), () -> format.fromBytes(bytes, start, end, source));
              records++;
              events++;
              return;
            }
          } catch (ZeekRecord.BadRecordException | StixFormatException e) {
            // As below: the whole build makes the same reads, so it fails the same way, and a
            // sink asks for the whole event before it commits anything.
            records++;
            bad++;
            keep(kept, new ReadReport.BadLine(name, lineNumber, e.getMessage()));
            return;
          }
        }
        Event event;
        try {
          event = format.fromBytes(lines.buffer(), start, end, name + ":" + lineNumber);
        } catch (ZeekRecord.BadRecordException | StixFormatException e) {
          // The look is meant to be sure; should it not be, the line is what the exact reading
          // makes of it (the same mapping over the same answers), never a stopped file.
          records++;
          bad++;
          keep(kept, new ReadReport.BadLine(name, lineNumber, e.getMessage()));
          return;
        }
        records++;
        events++;
        sink.accept(event);
        return;
      }
      String line = new String(lines.buffer(), start, end - start, StandardCharsets.UTF_8);
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
  }

  private static void keep(List<ReadReport.BadLine> kept, ReadReport.BadLine line) {
    if (kept.size() < MAX_BAD_LINES_KEPT) {
      kept.add(line);
    }
  }
}
