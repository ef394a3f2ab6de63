package org.wuzhen.detect;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * Decides, from the bytes of one Zeek line (JSON or TSV), that it is a good record whose event
 * matches nothing under the current plan, without building the event: every field the mapping reads
 * has the type it needs ({@link ZeekFields#reads}), {@code ts} is a time, and no string the
 * observables are copied from hits an index of the types the log can build ({@link RawProbe}).
 * Whenever it is not sure (an odd number, an escape it does not decode, non-ASCII bytes, a field of
 * the wrong type, a possible hit) it says no, and the line is read the exact way, which finds the
 * match or reports the bad line. Mutable scratch; one per reader.
 */
final class ZeekLineCheck {
  private static final byte[] PATH = "_path".getBytes(StandardCharsets.US_ASCII);
  private static final int PATH_HASH = JsonBytes.nameHash(PATH, 0, PATH.length);
  static final String[] LOGS = {"dns", "ssl", "x509", "http", "files", "smtp", "notice", "conn"};
  private static final byte[][] LOG_BYTES = new byte[LOGS.length][];

  static {
    for (int i = 0; i < LOGS.length; i++) {
      LOG_BYTES[i] = LOGS[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** Not sure: the line is decoded and read the exact way. */
  static final int UNDECIDED = 0;

  /** A good record whose event matches nothing: only counted. */
  static final int UNMATCHED = 1;

  /** A good record that may match: its event is built from the bytes already scanned. */
  static final int READABLE = 2;

  private final Supplier<RawProbe> probe;
  private boolean hit;
  private final FlatJsonScan json = new FlatJsonScan();
  private final Hits scratch = new Hits();
  private final AsciiText view = new AsciiText();
  private boolean dateKnown;
  private final TsvLineCheck tsv = new TsvLineCheck();

  ZeekLineCheck(Supplier<RawProbe> probe) {
    this.probe = probe;
    // Made now rather than at the first line, so that a reader made after the JIT compiled the
    // check (the next file, another thread's part) takes no path the first reader's lines did not.
    RawProbe current = probe.get();
    if (current != null) {
      plan(current);
    }
  }

  /**
   * A JSON line of a log named {@code defaultLog} when it has no {@code _path}: {@link #UNDECIDED},
   * {@link #UNMATCHED} or {@link #READABLE} (then {@link #jsonRecord} reads it).
   */
  int json(byte[] b, int start, int end, String defaultLog) {
    hit = false;
    boolean read = b == readBytes && start == readStart && end == readEnd;
    readBytes = null;
    if (!read && !json.scan(b, start, end)) {
      return UNDECIDED;
    }
    RawProbe current = probe.get();
    if (current != logsProbe) {
      plan(current);
    }
    int shape = json.shape();
    int slot = shape & (SHAPES_KEPT - 1);
    if (shape != pathShape[slot]) {
      pathMember[slot] = json.member(PATH, PATH_HASH);
      pathShape[slot] = shape;
    }
    int path = pathMember[slot];
    LogCheck log;
    if (path >= 0) {
      if (json.kind(path) != FlatJsonScan.STRING || json.escaped(path)) {
        return UNDECIDED; // the log named with an escape is decoded the exact way
      }
      log = logs[logNamed(json.bytes(), json.valueStart(path) + 1, json.valueEnd(path) - 1)];
    } else {
      if (!defaultLog.equals(defaultNamed)) {
        defaultNumber = logNumber(ZeekFields.log(defaultLog));
        defaultNamed = defaultLog;
      }
      log = logs[defaultNumber];
    }
    jsonLog = defaultLog;
    if (log.indexes == null) {
      return UNDECIDED;
    }
    int[] members = log.members(json, shape);
    RawProbe.Indexes[] fields = log.fieldIndexes;
    ZeekFields.Kind[] kinds = log.reads.kinds();
    for (int f = 0; f < members.length; f++) {
      int m = members[f];
      byte kind = m < 0 ? FlatJsonScan.NULL : json.kind(m);
      if (kind == FlatJsonScan.NULL) {
        if (f == 0) {
          return UNDECIDED; // ts, which every record needs
        }
        continue;
      }
      boolean good =
          switch (kinds[f]) {
            case TEXT -> kind == FlatJsonScan.STRING;
            case TEXTS -> kind == FlatJsonScan.ARRAY && strings(m);
            case COUNT ->
                kind == FlatJsonScan.NUMBER && json.integer(m) && json.integerDigits(m) <= 18;
            case TIME ->
                (kind == FlatJsonScan.NUMBER
                        && json.bytes()[json.valueStart(m)] != '-'
                        && json.wholeDigits(m) >= 1
                        && json.wholeDigits(m) <= MAX_SECONDS_DIGITS)
                    || (kind == FlatJsonScan.STRING
                        && isoTime(json.bytes(), json.valueStart(m) + 1, json.valueEnd(m) - 1));
          };
      if (!good) {
        return UNDECIDED;
      }
      // Whether a field is probed is the log's data, not a branch per kind of field: the dns log
      // probes every array it reads, the ssl log not all (their types have no index).
      if (!hit && log.probed[f]) {
        probeValue(m, f, fields[f], log);
      }
    }
    return hit ? READABLE : UNMATCHED;
  }

  private byte[] readBytes;
  private int readStart;
  private int readEnd;

  /**
   * Where the JSON line at {@code start} ends ({@link ByteLines.Ends}): read to its closing brace
   * by the scan, which {@link #json} then does not repeat for that line; -1 when the scan refuses
   * it, the line does not end with a {@code \n} right after the brace (and spaces), it is longer
   * than {@link ByteLines#MAX_LINE_BYTES} or its end is not in the buffer yet.
   */
  int jsonEnd(byte[] b, int start, int limit) {
    readBytes = null;
    int close = json.object(b, start, limit);
    if (close < 0) {
      return -1;
    }
    int end = ByteLines.lineFeedAfter(b, start, close, limit);
    if (end < 0) {
      return -1;
    }
    readBytes = b;
    readStart = start;
    readEnd = end;
    return end;
  }

  /**
   * What the lines of one log are checked with under one plan: made for every log at once when the
   * plan changes (so at a reader's first line), so that the first line of a file's second log finds
   * its own ready as the first log's lines found theirs, and takes no path they did not. A line's
   * log is a lookup, not a comparison with the log of the line before.
   */
  private static final class LogCheck {
    final ZeekFields.Reads reads;
    final int[] readHashes;

    /** Null when the log's records are read whole under this plan. */
    final RawProbe.Indexes indexes;

    /** Those of each field read ({@link ZeekFields#feeds}), each field probed only against them. */
    final RawProbe.Indexes[] fieldIndexes;

    /** Whether each field's strings are probed: text whose types have some index. */
    final boolean[] probed;

    /** The log's own: a file whose logs take turns keeps each log's misses. */
    final MissMemo memo = new MissMemo();

    /**
     * Past the line before: the values of each probed field that missed lately ({@link MissCache}),
     * by the field's number among those probed ({@link #probedNumber}), so that a log's fields
     * never probed take no room.
     */
    final MissCache misses = new MissCache();

    final int[] probedNumber;

    /**
     * The member of each field read per shape, for the last {@value #SHAPES_KEPT} shapes by their
     * number (numbered in order, so recent shapes take different places): a log's lines take turns
     * between a few shapes.
     */
    private final int[] membersShape = new int[SHAPES_KEPT];

    private final int[][] members;

    LogCheck(String log, RawProbe probe) {
      reads = ZeekFields.readArrays(log);
      byte[][] names = reads.ascii();
      readHashes = new int[names.length];
      for (int f = 0; f < names.length; f++) {
        readHashes[f] = JsonBytes.nameHash(names[f], 0, names[f].length);
      }
      members = new int[SHAPES_KEPT][names.length];
      indexes = probe.indexesFor(ZeekFields.types(log));
      fieldIndexes = new RawProbe.Indexes[names.length];
      for (int f = 0; f < names.length; f++) {
        // null with indexes: the records are read whole, no field probed
        fieldIndexes[f] =
            probe.indexesFor(ZeekFields.types(log), ZeekFields.feeds(log, reads.names()[f]));
      }
      probed = new boolean[names.length];
      for (int f = 0; f < names.length; f++) {
        ZeekFields.Kind kind = reads.kinds()[f];
        probed[f] =
            fieldIndexes[f] != null
                && !fieldIndexes[f].isEmpty()
                && (kind == ZeekFields.Kind.TEXT || kind == ZeekFields.Kind.TEXTS);
      }
      memo.clear(names.length);
      probedNumber = new int[names.length];
      int n = 0;
      for (int f = 0; f < names.length; f++) {
        probedNumber[f] = probed[f] ? n++ : -1;
      }
      misses.clear(n);
    }

    /**
     * The member of each field read, or -1: found by name once per shape of line ({@link
     * FlatJsonScan#shape}), a log repeating its few shapes line after line.
     */
    int[] members(FlatJsonScan json, int shape) {
      int slot = shape & (SHAPES_KEPT - 1);
      int[] found = members[slot];
      if (shape != membersShape[slot] || shape == 0) {
        byte[][] names = reads.ascii();
        for (int f = 0; f < names.length; f++) {
          found[f] = json.member(names[f], readHashes[f]);
        }
        membersShape[slot] = shape;
      }
      return found;
    }
  }

  private static final int SHAPES_KEPT = 8;

  /** {@link #LOGS} and, last, every other log (as {@link ZeekFields#log} names it: ""). */
  private LogCheck[] logs;

  private RawProbe logsProbe;

  private void plan(RawProbe current) {
    LogCheck[] made = new LogCheck[LOGS.length + 1];
    for (int i = 0; i < LOGS.length; i++) {
      made[i] = new LogCheck(LOGS[i], current);
    }
    made[LOGS.length] = new LogCheck("", current);
    logs = made;
    logsProbe = current;
  }

  private String defaultNamed;
  private int defaultNumber;

  /** The member {@code _path} per shape, as {@link LogCheck#members}. */
  private final int[] pathShape = new int[SHAPES_KEPT];

  private final int[] pathMember = new int[SHAPES_KEPT];

  private static int logNumber(String log) {
    int i = java.util.Arrays.asList(LOGS).indexOf(log);
    return i >= 0 ? i : LOGS.length;
  }

  /**
   * The number of the log named by the ASCII bytes {@code [s, e)} (a {@code _path} value; a line's
   * array has 8 bytes after it): a log name of at most 8 bytes read as one word and found in a
   * table by a multiplicative hash with no collision among {@link #LOGS}.
   */
  static int logNamed(byte[] b, int s, int e) {
    // A name of 8 bytes or more keeps 8 nonzero bytes, an empty one the 8 after its quote (one of
    // them a quote): neither is a log's word, whose upper bytes are zero and which has no quote.
    int n = Math.min(e - s, 8);
    long word = (long) LONGS.get(b, s) & (-1L >>> (64 - (n << 3)));
    int slot = (int) ((word * LOG_MULTIPLIER) >>> (64 - LOG_BITS));
    return LOG_WORDS[slot] == word ? LOG_SLOTS[slot] : LOGS.length;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private static final int LOG_BITS = 5;
  private static final long[] LOG_WORDS = new long[1 << LOG_BITS];
  private static final int[] LOG_SLOTS = new int[1 << LOG_BITS];
  private static final long LOG_MULTIPLIER = logMultiplier();

  /** The first odd multiplier that puts every log name in a slot of its own (found at start). */
  private static long logMultiplier() {
    for (long mult = 0x9E3779B97F4A7C15L; ; mult += 2) {
      java.util.Arrays.fill(LOG_WORDS, -1L); // no log name is all 0xff bytes
      boolean clash = false;
      for (int i = 0; i < LOGS.length && !clash; i++) {
        byte[] name = LOG_BYTES[i];
        long word = 0;
        for (int j = name.length - 1; j >= 0; j--) {
          word = word << 8 | (name[j] & 0xff);
        }
        int slot = (int) ((word * mult) >>> (64 - LOG_BITS));
        clash = LOG_WORDS[slot] != -1L;
        LOG_WORDS[slot] = word;
        LOG_SLOTS[slot] = i;
      }
      if (!clash) {
        return mult;
      }
    }
  }

  /** The record of the line {@link #json} found {@link #READABLE}. */
  ZeekRecord jsonRecord(byte[] b, int start, int end) {
    String path = jsonLog;
    int m = json.member("_path");
    if (m >= 0) {
      path = json.text(m); // the log as named, whatever it is
    }
    return new ScannedZeekRecord(path, json);
  }

  private String jsonLog;

  /**
   * Probes a string member {@code m} (field {@code f}), or each string of an array member, unless
   * the same raw bytes of that field missed last ({@link MissMemo}); notes a hit, and answers true
   * so the line is still checked to the end.
   */
  private boolean probeValue(int m, int f, RawProbe.Indexes indexes, LogCheck log) {
    byte[] b = json.bytes();
    int s = json.valueStart(m);
    int e = json.valueEnd(m);
    if (log.memo.missed(f, b, s, e)) {
      return true;
    }
    int cached = log.probedNumber[f];
    if (json.kind(m) == FlatJsonScan.STRING) {
      if (json.escaped(m)) {
        hits(indexes, json.text(m));
      } else {
        probePlain(indexes, log.misses, cached, b, s + 1, e - 1);
      }
    } else {
      for (int i = 0; i < json.elementCount(m) && !hit; i++) {
        if (json.elementEscaped(m, i)) {
          hits(indexes, json.elementText(m, i));
        } else {
          int at = json.elementStart(m, i);
          probePlain(indexes, log.misses, cached, b, at + 1, json.elementEnd(m, i) - 1);
        }
      }
    }
    if (!hit) {
      log.memo.remember(f, b, s, e);
    }
    return true;
  }

  /**
   * Probes the text {@code [s, e)} (a string without escapes: its bytes are its text) unless its
   * field's same text missed lately ({@link MissCache}, field {@code cached}); remembers it when it
   * misses. A probe's answer depends only on the text and the field's indexes, and the cache is the
   * log's under one plan.
   */
  private void probePlain(
      RawProbe.Indexes indexes, MissCache misses, int cached, byte[] b, int s, int e) {
    if (misses.missed(cached, b, s, e)) {
      return;
    }
    if (RawProbe.hits(indexes, view.set(b, s, e), scratch)) {
      hit = true;
    } else {
      misses.remember(cached, b, s, e);
    }
  }

  /** Whether every element of the array member {@code m} is a string, as the mapping reads it. */
  private boolean strings(int m) {
    for (int i = 0; i < json.elementCount(m); i++) {
      if (json.elementKind(m, i) != FlatJsonScan.STRING) {
        return false;
      }
    }
    return true;
  }

  /** Notes a hit and answers false, so a record with one is still checked to the end. */
  private boolean hits(RawProbe.Indexes indexes, CharSequence text) {
    if (!hit && !indexes.isEmpty() && RawProbe.hits(indexes, text, scratch)) {
      hit = true;
    }
    return false;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} with a real date and time, which {@link
   * JsonZeekRecord#isoTime} reads; other forms it may read are left to it. The time of day is
   * checked as one word and the day as the day of the time before, as Zeek writes them line after
   * line: a few operations, not a branch per byte. A line's array has 8 bytes after it (the scan's
   * slack), so a word read at the fraction stays in it.
   */
  boolean isoTime(byte[] b, int s, int e) {
    int n = e - s;
    if (n < 20 || n > 30 || b[e - 1] != 'Z') {
      return false;
    }
    // The day of the time checked last (its digits, dashes and calendar) is not checked again.
    boolean sameDay =
        dateKnown
            && (long) LONGS.get(b, s) == knownDay
            && ((long) LONGS.get(b, s + 8) & 0xFFFF) == knownDayEnd;
    if (!sameDay && !newDay(b, s)) {
      return false;
    }
    long clock = (long) LONGS.get(b, s + 11); // HH:MM:SS
    long digits = (clock & ~COLONS) | COLON_ZEROS;
    long notDigit = ((digits & NIBBLES) ^ ZEROS) | (((digits + SIXES) & NIBBLES) ^ ZEROS);
    if (b[s + 10] != 'T' || (clock & COLONS) != COLON_BYTES || notDigit != 0) {
      return false; // the lowest byte that is no digit is flagged exactly: no carry reaches it
    }
    long v = digits - ZEROS;
    int hours = (int) (v & 0xFF) * 10 + (int) (v >>> 8 & 0xFF);
    int minutes = (int) (v >>> 24 & 0xFF) * 10 + (int) (v >>> 32 & 0xFF);
    int seconds = (int) (v >>> 48 & 0xFF) * 10 + (int) (v >>> 56 & 0xFF);
    if (n > 20 && (b[s + 19] != '.' || n == 21 || JsonBytes.digits(b, s + 20, e - 1) != e - 1)) {
      return false;
    }
    return hours <= 23 && minutes <= 59 && seconds <= 59;
  }

  /** Checks the date at {@code s} (digits, dashes, calendar) and keeps it as the known day. */
  private boolean newDay(byte[] b, int s) {
    if (!(digits(b, s, 4)
        && b[s + 4] == '-'
        && digits(b, s + 5, 2)
        && b[s + 7] == '-'
        && digits(b, s + 8, 2))) {
      return false;
    }
    try {
      LocalDate.of(number(b, s, 4), number(b, s + 5, 2), number(b, s + 8, 2));
    } catch (DateTimeException ex) {
      return false;
    }
    knownDay = (long) LONGS.get(b, s);
    knownDayEnd = (long) LONGS.get(b, s + 8) & 0xFFFF;
    dateKnown = true;
    return true;
  }

  private long knownDay;
  private long knownDayEnd;

  /** The colons of {@code HH:MM:SS} as a little-endian word, and the same places as zeros. */
  private static final long COLONS = 0x0000FF0000FF0000L;

  private static final long COLON_BYTES = 0x00003A00003A0000L;
  private static final long COLON_ZEROS = 0x0000300000300000L;
  private static final long NIBBLES = 0xF0F0F0F0F0F0F0F0L;
  private static final long ZEROS = 0x3030303030303030L;
  private static final long SIXES = 0x0606060606060606L;

  private static boolean digits(byte[] b, int s, int n) {
    for (int i = s; i < s + n; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(byte[] b, int s, int n) {
    int v = 0;
    for (int i = s; i < s + n; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  /**
   * A TSV data line under {@code header}, of the log {@code log} (its {@code #path} or default):
   * {@link #UNDECIDED}, {@link #UNMATCHED} or {@link #READABLE} (then {@link #tsvColumns} gives its
   * columns).
   */
  int tsv(byte[] b, int start, int end, TsvHeader header, String log) {
    return tsv.check(b, start, end, header, log, probe.get());
  }

  /**
   * Where the TSV data line at {@code start} ends ({@link ByteLines.Ends}), found while its columns
   * are split for {@link #tsv}; -1 when not sure.
   */
  int tsvEnd(byte[] b, int start, int limit, TsvHeader header, String log) {
    return tsv.lineEnd(b, start, limit, header, log, probe.get());
  }

  /** The columns of the line {@link #tsv} found {@link #READABLE}, as the header splits them. */
  String[] tsvColumns(byte[] b) {
    return tsv.columns(b);
  }

  /**
   * Epoch seconds the mapping turns into a STIX timestamp without fail: not negative, at most
   * {@value #MAX_SECONDS_DIGITS} whole digits (before the year 5138: {@code StixTimestamp} has
   * four-digit years; a later or negative time is a bad line, which the exact reading reports).
   */
  static final int MAX_SECONDS_DIGITS = 11;
}
