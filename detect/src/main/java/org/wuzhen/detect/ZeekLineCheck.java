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
  private static final int PATH_HASH = FlatJsonScan.nameHash(PATH, 0, PATH.length);
  private static final String[] LOGS = {
    "dns", "ssl", "x509", "http", "files", "smtp", "notice", "conn"
  };
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
  private final MissMemo memo = new MissMemo();
  private final byte[] knownDate = new byte[10];
  private boolean dateKnown;
  private final TsvLineCheck tsv = new TsvLineCheck();

  ZeekLineCheck(Supplier<RawProbe> probe) {
    this.probe = probe;
  }

  /**
   * A JSON line of a log named {@code defaultLog} when it has no {@code _path}: {@link #UNDECIDED},
   * {@link #UNMATCHED} or {@link #READABLE} (then {@link #jsonRecord} reads it).
   */
  int json(byte[] b, int start, int end, String defaultLog) {
    hit = false;
    if (!json.scan(b, start, end)) {
      return UNDECIDED;
    }
    int shape = json.shape();
    if (shape != pathShape) {
      pathMember = json.member(PATH, PATH_HASH);
      pathShape = shape;
    }
    String log = namedLog(defaultLog);
    int path = pathMember;
    if (path >= 0) {
      if (json.kind(path) != FlatJsonScan.STRING || json.escaped(path)) {
        return UNDECIDED; // the log named with an escape is decoded the exact way
      }
      log = pathLog(path);
    }
    jsonLog = defaultLog;
    RawProbe.Indexes indexes = indexes(log);
    if (indexes == null) {
      return UNDECIDED;
    }
    ZeekFields.Reads reads = ZeekFields.readArrays(log);
    int[] members = fieldMembers(reads, shape);
    RawProbe.Indexes[] fields = lastFieldIndexes;
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
          switch (reads.kinds()[f]) {
            case TEXT ->
                kind == FlatJsonScan.STRING
                    && (hit || fields[f].isEmpty() || probeValue(m, f, fields[f]));
            case TEXTS ->
                kind == FlatJsonScan.ARRAY
                    && strings(m)
                    && (hit || fields[f].isEmpty() || probeValue(m, f, fields[f]));
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
    }
    return hit ? READABLE : UNMATCHED;
  }

  private ZeekFields.Reads hashedReads;
  private int[] readHashes;
  private int membersShape;
  private int[] readMembers;

  /**
   * The member of each field a log reads, or -1: found by name once per shape of line ({@link
   * FlatJsonScan#shape}), a log repeating its few shapes line after line.
   */
  private int[] fieldMembers(ZeekFields.Reads reads, int shape) {
    if (reads != hashedReads) {
      byte[][] names = reads.ascii();
      readHashes = new int[names.length];
      readMembers = new int[names.length];
      for (int f = 0; f < names.length; f++) {
        readHashes[f] = FlatJsonScan.nameHash(names[f], 0, names[f].length);
      }
      hashedReads = reads;
      membersShape = 0;
    }
    if (shape != membersShape || shape == 0) {
      byte[][] names = reads.ascii();
      for (int f = 0; f < names.length; f++) {
        readMembers[f] = json.member(names[f], readHashes[f]);
      }
      membersShape = shape;
    }
    return readMembers;
  }

  private int pathShape;
  private int pathMember;
  private String defaultNamed;
  private String defaultLogAs;
  private String pathLog = "";
  private byte[] pathBytes = new byte[0];

  /** {@link ZeekFields#log} of a file's default log, which is the same line after line. */
  private String namedLog(String defaultLog) {
    if (!defaultLog.equals(defaultNamed)) {
      defaultLogAs = ZeekFields.log(defaultLog);
      defaultNamed = defaultLog;
    }
    return defaultLogAs;
  }

  /** The log a plain {@code _path} names: the one before again, mostly. */
  private String pathLog(int path) {
    if (json.textEquals(path, pathBytes)) {
      return pathLog;
    }
    String log = "";
    for (int i = 0; i < LOGS.length; i++) {
      if (json.textEquals(path, LOG_BYTES[i])) {
        log = LOGS[i];
        pathBytes = LOG_BYTES[i];
        pathLog = log;
        break;
      }
    }
    return log;
  }

  private RawProbe lastProbe;
  private String lastLog;
  private RawProbe.Indexes lastIndexes;
  private RawProbe.Indexes[] lastFieldIndexes;

  /**
   * The indexes for a log's records under the current plan, or null when they are read whole;
   * {@link #lastFieldIndexes} holds those of each field the log reads ({@link ZeekFields#feeds}),
   * each field's strings probed only against the types it feeds. A log repeats line after line.
   */
  private RawProbe.Indexes indexes(String log) {
    RawProbe current = probe.get();
    if (current != lastProbe || !log.equals(lastLog)) {
      lastIndexes = current.indexesFor(ZeekFields.types(log));
      String[] names = ZeekFields.readArrays(log).names();
      lastFieldIndexes = new RawProbe.Indexes[names.length];
      for (int f = 0; f < names.length; f++) {
        // null with lastIndexes: the records are read whole, no field probed
        lastFieldIndexes[f] =
            current.indexesFor(ZeekFields.types(log), ZeekFields.feeds(log, names[f]));
      }
      memo.clear(names.length); // its misses were under other indexes
      lastProbe = current;
      lastLog = log;
    }
    return lastIndexes;
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
  private boolean probeValue(int m, int f, RawProbe.Indexes indexes) {
    byte[] b = json.bytes();
    int s = json.valueStart(m);
    int e = json.valueEnd(m);
    if (memo.missed(f, b, s, e)) {
      return true;
    }
    if (json.kind(m) == FlatJsonScan.STRING) {
      hits(indexes, json.textView(m, view) ? view : json.text(m));
    } else {
      for (int i = 0; i < json.elementCount(m) && !hit; i++) {
        hits(indexes, json.elementTextView(m, i, view) ? view : json.elementText(m, i));
      }
    }
    if (!hit) {
      memo.remember(f, b, s, e);
    }
    return true;
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
   * JsonZeekRecord#isoTime} reads; other forms it may read are left to it.
   */
  private boolean isoTime(byte[] b, int s, int e) {
    int n = e - s;
    if (n < 20 || n > 30 || b[e - 1] != 'Z') {
      return false;
    }
    // The day of the time checked last (its digits, dashes and calendar) is not checked again.
    boolean sameDay = dateKnown && sameDate(b, s);
    if (!sameDay
        && !(digits(b, s, 4)
            && b[s + 4] == '-'
            && digits(b, s + 5, 2)
            && b[s + 7] == '-'
            && digits(b, s + 8, 2))) {
      return false;
    }
    if (!(b[s + 10] == 'T'
        && digits(b, s + 11, 2)
        && b[s + 13] == ':'
        && digits(b, s + 14, 2)
        && b[s + 16] == ':'
        && digits(b, s + 17, 2))) {
      return false;
    }
    if (n > 20 && (b[s + 19] != '.' || n == 21 || !digits(b, s + 20, n - 21))) {
      return false;
    }
    if (number(b, s + 11, 2) > 23 || number(b, s + 14, 2) > 59 || number(b, s + 17, 2) > 59) {
      return false;
    }
    if (sameDay) {
      return true;
    }
    try {
      LocalDate.of(number(b, s, 4), number(b, s + 5, 2), number(b, s + 8, 2));
    } catch (DateTimeException ex) {
      return false;
    }
    System.arraycopy(b, s, knownDate, 0, 10);
    dateKnown = true;
    return true;
  }

  /**
   * Whether the 10 bytes at {@code s} are {@link #knownDate}'s; no call out for a vector compare.
   */
  private boolean sameDate(byte[] b, int s) {
    for (int i = 0; i < 10; i++) {
      if (b[s + i] != knownDate[i]) {
        return false;
      }
    }
    return true;
  }

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
