package org.wuzhen.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link ZeekLineCheck}'s look at a Zeek TSV data line: the columns under the current header
 * ({@link TsvColumns}, most lines split while their end is found), ASCII, as many as {@code
 * #fields}; then every field the mapping reads with the type it needs, and each string probed
 * against the indexes of the types that field feeds ({@link ZeekFields#feeds}), unless the same
 * field held the same bytes and missed on the line before ({@link MissMemo}). What is derived from
 * the header (the separators as bytes, the columns of the fields read, the indexes per field) is
 * derived once per header and plan, not per line. Mutable scratch; one per reader.
 */
final class TsvLineCheck {
  private final Hits scratch = new Hits();
  private final AsciiText view = new AsciiText();
  private final MissMemo memo = new MissMemo();
  private final MissCache misses = new MissCache();
  private final TsvColumns columns = new TsvColumns();
  private boolean hit;

  // Derived from the header and the plan by prepare(); version -1: nothing derived yet.
  private int version = -1;
  private RawProbe probe;
  private int separator; // the column separator as a byte, or -1 when it is not one ASCII char
  private int setSeparator; // likewise for #set_separator
  private String setSeparatorText;
  private byte[] unset;
  private byte[] empty;
  private int fieldCount;
  private int[] positions;
  private ZeekFields.Kind[] kinds;
  private RawProbe.Indexes record; // null: the record must be read whole
  private RawProbe.Indexes[] fieldIndexes;
  private int[] checked = new int[0]; // the fields a line's look checks, in order
  private int[] checkedColumn = new int[0];
  private byte[] checkedWork = new byte[0]; // PROBE, COUNT, TIME or NOTHING
  private boolean lacksTs; // no column for ts, which every record needs

  private static final byte PROBE = 0;
  private static final byte COUNT = 1;
  private static final byte TIME = 2;
  private static final byte NOTHING = 3;

  /**
   * A data line under {@code header}, of the log {@code log} (its {@code #path} or default): {@link
   * ZeekLineCheck#UNDECIDED}, {@link ZeekLineCheck#UNMATCHED} or {@link ZeekLineCheck#READABLE}
   * (then {@link #columns} gives its columns).
   */
  int check(byte[] b, int start, int end, TsvHeader header, String log, RawProbe current) {
    if (header.version() != version || current != probe) {
      prepare(header, log, current);
    }
    boolean split = columns.splitAlready(b, start, end);
    if (record == null
        || lacksTs
        || separator < 0
        || !(split || columns.split(b, start, end, separator))
        || columns.count() != fieldCount) {
      return ZeekLineCheck.UNDECIDED;
    }
    hit = false;
    for (int k = 0; k < checked.length; k++) {
      int c = checkedColumn[k];
      int s = columns.start(c);
      int e = columns.end(c);
      if (same(b, s, e, unset)) {
        if (checked[k] == 0) {
          return ZeekLineCheck.UNDECIDED; // ts, which every record needs
        }
        continue;
      }
      boolean good =
          switch (checkedWork[k]) {
            case PROBE -> hit || same(b, s, e, empty) || probeColumn(b, s, e, checked[k]);
            case COUNT -> count(b, s, e);
            case TIME -> seconds(b, s, e);
            default -> true;
          };
      if (!good) {
        return ZeekLineCheck.UNDECIDED;
      }
    }
    return hit ? ZeekLineCheck.READABLE : ZeekLineCheck.UNMATCHED;
  }

  /**
   * Where the data line at {@code start} under {@code header} ends, its columns split on the way
   * for {@link #check} ({@link TsvColumns#lineEnd}); -1 for a header line, when not sure, or when
   * the line is read whole anyway (then {@link ByteLines} finds its end).
   */
  int lineEnd(byte[] b, int start, int limit, TsvHeader header, String log, RawProbe current) {
    if (b[start] == '#') {
      return -1;
    }
    if (header.version() != version || current != probe) {
      prepare(header, log, current);
    }
    if (record == null || lacksTs || separator < 0 || separator == '\n' || separator == '\r') {
      return -1;
    }
    return columns.lineEnd(b, start, limit, separator);
  }

  /**
   * The columns of the line {@link #check} found readable, as {@link TsvHeader#split} gives them.
   */
  String[] columns(byte[] b) {
    return columns.values(b);
  }

  private void prepare(TsvHeader header, String log, RawProbe current) {
    String key = ZeekFields.log(log);
    ZeekFields.Reads reads = ZeekFields.readArrays(key);
    separator = asciiByte(header.separator());
    setSeparator = asciiByte(header.setSeparator());
    setSeparatorText = header.setSeparator();
    unset = ascii(header.unsetField());
    empty = ascii(header.emptyField());
    fieldCount = header.fieldCount();
    kinds = reads.kinds();
    positions = new int[reads.names().length];
    fieldIndexes = new RawProbe.Indexes[positions.length];
    record = current.indexesFor(ZeekFields.types(key));
    for (int f = 0; f < positions.length; f++) {
      positions[f] = header.position(reads.names()[f]);
      fieldIndexes[f] =
          current.indexesFor(ZeekFields.types(key), ZeekFields.feeds(key, reads.names()[f]));
    }
    plan();
    memo.clear(positions.length); // its misses were under the old header or plan
    misses.clear(positions.length);
    version = header.version();
    probe = current;
  }

  /**
   * Which fields a line's look checks, in order, and how: those with a column under this header,
   * but for a string field no index can take (whose column then changes nothing but for ts).
   */
  private void plan() {
    int n = 0;
    int[] fields = new int[positions.length];
    byte[] work = new byte[positions.length];
    for (int f = 0; f < positions.length; f++) {
      if (positions[f] < 0) {
        continue;
      }
      byte w =
          switch (kinds[f]) {
            case TEXT, TEXTS ->
                fieldIndexes[f] == null || fieldIndexes[f].isEmpty() ? NOTHING : PROBE;
            case COUNT -> COUNT;
            case TIME -> TIME;
          };
      if (w != NOTHING || f == 0) {
        fields[n] = f;
        work[n++] = w;
      }
    }
    lacksTs = positions.length > 0 && positions[0] < 0;
    checked = Arrays.copyOf(fields, n);
    checkedWork = Arrays.copyOf(work, n);
    checkedColumn = new int[n];
    for (int k = 0; k < n; k++) {
      checkedColumn[k] = positions[checked[k]];
    }
  }

  /**
   * Probes the string or set column {@code [s, e)} of field {@code f}, unless the same bytes of
   * that field missed last ({@link MissMemo}); notes a hit, and answers true so the line is still
   * checked to the end.
   */
  private boolean probeColumn(byte[] b, int s, int e, int f) {
    if (memo.missed(f, b, s, e)) {
      return true;
    }
    if (kinds[f] == ZeekFields.Kind.TEXT) {
      if (columns.plain(b, s, e)) {
        probePlain(f, b, s, e);
      } else {
        note(fieldIndexes[f], unescaped(b, s, e));
      }
    } else {
      setProbe(b, s, e, f);
    }
    if (!hit) {
      memo.remember(f, b, s, e);
    }
    return true;
  }

  /** Probes each element of a set or vector column, empty elements included, up to a hit. */
  private void setProbe(byte[] b, int s, int e, int f) {
    RawProbe.Indexes indexes = fieldIndexes[f];
    if (setSeparator >= 0 && columns.plain(b, s, e)) {
      int from = s;
      for (int i = s; i <= e && !hit; i++) {
        if (i == e || b[i] == setSeparator) {
          probePlain(f, b, from, i);
          from = i + 1;
        }
      }
      return;
    }
    // What TsvZeekRecord.texts does: split the raw column, then unescape each element.
    String raw = latin1(b, s, e);
    String quoted = java.util.regex.Pattern.quote(setSeparatorText);
    for (String element : raw.split(quoted, -1)) {
      note(indexes, TsvHeader.unescape(element));
      if (hit) {
        break;
      }
    }
  }

  /**
   * Probes the ASCII text {@code [s, e)} of field {@code f} (no escape in it), unless that field's
   * same text missed lately ({@link MissCache}); remembers it when it misses.
   */
  private void probePlain(int f, byte[] b, int s, int e) {
    if (misses.missed(f, b, s, e)) {
      return;
    }
    if (RawProbe.hits(fieldIndexes[f], view.set(b, s, e), scratch)) {
      hit = true;
    } else {
      misses.remember(f, b, s, e);
    }
  }

  private void note(RawProbe.Indexes indexes, CharSequence text) {
    if (!hit && RawProbe.hits(indexes, text, scratch)) {
      hit = true;
    }
  }

  /** The byte of a one-char ASCII text, or -1. */
  private static int asciiByte(String text) {
    return text.length() == 1 && text.charAt(0) < 0x80 ? text.charAt(0) : -1;
  }

  /**
   * The bytes of an ASCII text, or null when a char is beyond ASCII: no column of a line the look
   * reads (all ASCII) can equal such a text.
   */
  private static byte[] ascii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return null;
      }
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Whether {@code [s, e)} is {@code text}: a loop, as the markers are a few bytes and asked about
   * for every field of every line, where {@link Arrays#equals} checks ranges and calls out.
   */
  private static boolean same(byte[] b, int s, int e, byte[] text) {
    if (text == null || e - s != text.length) {
      return false;
    }
    for (int i = 0; i < text.length; i++) {
      if (b[s + i] != text[i]) {
        return false;
      }
    }
    return true;
  }

  /** What {@link Long#parseLong} reads, kept to 18 digits so it cannot overflow. */
  private static boolean count(byte[] b, int s, int e) {
    if (s < e && (b[s] == '-' || b[s] == '+')) {
      s++;
    }
    return e - s >= 1 && e - s <= 18 && digits(b, s, e);
  }

  /** Epoch seconds with an optional fraction, as Zeek writes them (see {@link ZeekLineCheck}). */
  private static boolean seconds(byte[] b, int s, int e) {
    int i = s;
    while (i < e && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    int whole = i - s;
    if (whole < 1 || whole > ZeekLineCheck.MAX_SECONDS_DIGITS) {
      return false;
    }
    if (i == e) {
      return true;
    }
    return b[i] == '.' && e - i > 1 && digits(b, i + 1, e);
  }

  private static boolean digits(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static String unescaped(byte[] b, int s, int e) {
    return TsvHeader.unescape(latin1(b, s, e));
  }

  private static String latin1(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }
}
