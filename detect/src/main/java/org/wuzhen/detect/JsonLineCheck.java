package org.wuzhen.detect;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides, from the bytes of one line of a JSON-lines format with nested objects (Suricata EVE,
 * generic JSON lines through a mapping), what {@link ZeekLineCheck} decides for Zeek: {@link
 * ZeekLineCheck#UNMATCHED} when the line is a good record every field of which the format reads has
 * the type it needs and no string it reads hits an index of the types the record can build ({@link
 * RawProbe}); {@link ZeekLineCheck#READABLE} when it is such a record with a hit (its event is then
 * built from the scanned bytes, {@link ScannedJsonRecord}); {@link ZeekLineCheck#UNDECIDED}
 * whenever it is not sure, and the line is read the exact way. Mutable scratch; one per reader.
 */
final class JsonLineCheck {
  /** How a format reads a field, and so what the check must be sure of. */
  enum Kind {
    /** A string ({@link ZeekRecord#text}); probed. */
    TEXT,
    /** An array of strings; each probed. */
    TEXTS,
    /** An integer that fits a long. */
    COUNT,
    /** Epoch seconds or an ISO 8601 time with a zone ({@link JsonZeekRecord#isoTime}). */
    TIME,
    /** An ISO 8601 string only (a mapping's iso8601 time). */
    ISO_TIME,
    /** Epoch seconds as a number only (a mapping's epoch-seconds time). */
    EPOCH_SECONDS,
    /** Epoch milliseconds as an integer only (a mapping's epoch-millis time). */
    EPOCH_MILLIS,
    /** EVE's certificate dates: {@code YYYY-MM-DDTHH:MM:SS[.f][Z]} in UTC. */
    UTC_TEXT,
    /** Any value, copied as it is (a mapping's property); a string is probed. */
    VALUE,
    /** An array of objects, each read by the inner reads ({@link JsonRecord#records}). */
    RECORDS
  }

  /**
   * One field a format reads.
   *
   * @param required a line without it is bad (the check leaves it undecided)
   * @param nonEmpty an empty string is bad (EVE's {@code event_type})
   * @param hex also probe the value without colons, lower-cased (EVE's certificate fingerprint,
   *     which its reader writes that way)
   * @param inner for {@link Kind#RECORDS}, the reads of each object
   */
  record Read(
      String name, Kind kind, boolean required, boolean nonEmpty, boolean hex, List<Read> inner) {
    Read {
      inner = List.copyOf(inner);
    }

    static Read of(String name, Kind kind) {
      return new Read(name, kind, false, false, false, List.of());
    }
  }

  /** What a format gives the check: its reads, and the types a scanned record can build. */
  interface Shape {
    List<Read> reads();

    /**
     * The types the record at the root of {@code tape} can build; null when not sure. {@code
     * rootHas} answers whether the root object has a member of a name (of any value).
     */
    Set<String> types(JsonTape tape, Predicate<MemberName> rootHas);

    /**
     * The types whose objects the format may copy a string of the field at {@code path} into (a
     * read's name, after those of the arrays of records it is in); empty when not known, and then
     * the field's strings are probed against every index of their record's types.
     */
    default Optional<Set<String>> feeds(List<String> path) {
      return Optional.empty();
    }
  }

  private final Supplier<RawProbe> probe;
  private final Shape shape;
  private final Field[] reads;
  private final Section[] sections;
  private final JsonTape tape = new JsonTape();
  private final Hits scratch = new Hits();
  private final AsciiText view = new AsciiText();
  private byte[] hexBuffer = new byte[128];
  private boolean hit;
  private FieldProbes probes;
  private final Field[] numbered;
  private final MissMemo memo = new MissMemo();

  /** Per memo slot, {@link FieldProbes#memoKeys} of the indexes its value missed under. */
  private final int[] slotKeys;

  /** Memo slots per field: the first elements of an array each keep their own value. */
  private static final int SLOTS = 4;

  JsonLineCheck(Supplier<RawProbe> probe, Shape shape) {
    this.probe = probe;
    this.shape = shape;
    List<Field> all = new java.util.ArrayList<>();
    this.reads = Field.of(shape.reads(), List.of(), shape, all);
    this.numbered = all.toArray(Field[]::new);
    this.sections = sections(reads);
    this.slotKeys = new int[numbered.length * SLOTS];
    this.walk = FieldWalk.of(specs(reads), numbered.length).orElse(null);
    this.rootHasWalked = n -> walk.rootHas(tape, n);
    this.sectionRoot = new int[sections.length];
    for (int i = 0; i < sections.length; i++) {
      Section section = sections[i];
      boolean required = false;
      for (int r : section.reads) {
        required |= reads[r].read().required();
      }
      sectionRoot[i] =
          walk == null || section.first == null || required ? -1 : walk.rootIndex(section.first);
    }
  }

  /**
   * Per section, the index of its first part among the walk's root names, when a line without it
   * can skip its reads (none is required); else -1.
   */
  private final int[] sectionRoot;

  /** The fields found by walking the line's members; null when the reads need lookups. */
  private final FieldWalk walk;

  private final Predicate<MemberName> rootHasMember = n -> tape.member(0, n) >= 0;
  private final Predicate<MemberName> rootHasWalked;

  private static List<FieldWalk.Spec> specs(Field[] fields) {
    List<FieldWalk.Spec> out = new java.util.ArrayList<>();
    for (Field f : fields) {
      out.add(new FieldWalk.Spec(f.path(), f.number(), specs(f.inner())));
    }
    return out;
  }

  /**
   * A read with the names the tape looks up made once, and so for its inner reads; {@code number}
   * its place among all of them, {@code feeds} as {@link Shape#feeds} gives. Immutable.
   */
  private record Field(
      Read read, FieldPath path, Field[] inner, int number, Optional<Set<String>> feeds) {
    static Field[] of(List<Read> reads, List<String> outer, Shape shape, List<Field> all) {
      Field[] out = new Field[reads.size()];
      for (int i = 0; i < out.length; i++) {
        Read r = reads.get(i);
        List<String> path = new java.util.ArrayList<>(outer);
        path.add(r.name());
        int number = all.size();
        all.add(null); // the place, kept before the inner reads take theirs
        out[i] =
            new Field(
                r,
                FieldPath.of(r.name()),
                of(r.inner(), path, shape, all),
                number,
                shape.feeds(path));
        all.set(number, out[i]);
      }
      return out;
    }
  }

  /**
   * The probe's indexes for a record of some types, and per field ({@link Field#number}) those of
   * the types it feeds, with a key per field equal for two sets of types exactly when the field's
   * indexes are the same (so a miss remembered under one holds under the other). Immutable.
   */
  private record FieldProbes(RawProbe.Indexes record, RawProbe.Indexes[] byField, int[] memoKeys) {}

  JsonTape tape() {
    return tape;
  }

  /** {@link ZeekLineCheck#UNDECIDED}, {@link ZeekLineCheck#UNMATCHED} or {@code READABLE}. */
  int look(byte[] b, int start, int end) {
    hit = false;
    boolean scanned = b == scannedBytes && start == scannedStart && end == scannedEnd;
    scannedBytes = null;
    if (!scanned && !scan(b, start, end)) {
      return ZeekLineCheck.UNDECIDED;
    }
    walking = walk != null && !tape.dottedRootName();
    if (walking) {
      walk.root(tape);
    }
    Set<String> types = shape.types(tape, walking ? rootHasWalked : rootHasMember);
    if (types == null) {
      return ZeekLineCheck.UNDECIDED;
    }
    probes = probesFor(types);
    if (probes == null) {
      return ZeekLineCheck.UNDECIDED;
    }
    if (walking) {
      for (int i = 0; i < sections.length; i++) {
        if (sectionRoot[i] >= 0 && !walk.rootFound(sectionRoot[i])) {
          continue; // absent, so is every field under it, and none is required
        }
        for (int r : sections[i].reads) {
          if (!good(reads[r], walk.node(reads[r].number()), 0)) {
            return ZeekLineCheck.UNDECIDED;
          }
        }
      }
    } else if (tape.dottedRootName()) {
      // A root name may be a read's dotted name itself, found before any walk: each read alone.
      for (int i = 0; i < reads.length; i++) {
        if (!good(reads[i], tape.field(0, reads[i].path()), 0)) {
          return ZeekLineCheck.UNDECIDED;
        }
      }
    } else if (!sectionsGood()) {
      return ZeekLineCheck.UNDECIDED;
    }
    if (!hit) {
      return ZeekLineCheck.UNMATCHED;
    }
    // The event is built from the tape by looking members up: a directed scan has too few nodes.
    return !tape.directed() || tape.scan(b, start, end, false)
        ? ZeekLineCheck.READABLE
        : ZeekLineCheck.UNDECIDED;
  }

  /**
   * Where the line at {@code start} ends ({@link ByteLines.Ends}), found by its directed scan,
   * which {@link #look} then does not repeat for that line: so the line's bytes are read once, not
   * once for its end and once for the scan. -1 when there is no walk, the directed scan refuses the
   * line or a root name holds a dot (then {@link #look} scans as before), the line does not end
   * with a {@code \n} right after the brace (and spaces), it is longer than {@link
   * ByteLines#MAX_LINE_BYTES} or its end is not in the buffer yet.
   */
  int lineEnd(byte[] b, int start, int limit) {
    scannedBytes = null;
    if (walk == null) {
      return -1;
    }
    int close = tape.scanObject(b, start, limit, walk.reads());
    if (close < 0 || tape.dottedRootName()) {
      return -1;
    }
    int end = ByteLines.lineFeedAfter(b, start, close, limit);
    if (end < 0) {
      return -1;
    }
    scannedBytes = b;
    scannedStart = start;
    scannedEnd = end;
    return end;
  }

  /** The line {@link #lineEnd} scanned last, which {@link #look} takes as scanned; null: none. */
  private byte[] scannedBytes;

  private int scannedStart;
  private int scannedEnd;

  /**
   * Scans the line: with a walk, building nodes only for the members it reads, unless that scan
   * refuses the line (a wide object, or a line the whole scan refuses too) or a root name holds a
   * dot (read by lookups); then whole. Whether the line is one the tape is sure of.
   */
  private boolean scan(byte[] b, int start, int end) {
    if (walk == null) {
      return tape.scan(b, start, end, true);
    }
    if (tape.scan(b, start, end, walk.reads()) && !tape.dottedRootName()) {
      return true;
    }
    return tape.scan(b, start, end, false);
  }

  /** Whether this line's fields are found by {@link #walk}. */
  private boolean walking;

  /**
   * The reads of a line none of whose root names holds a dot, where {@link JsonTape#field} always
   * walks: each first part ({@code dns} of {@code dns.rrname}) is found once for all the reads
   * under it, and when it is absent, or not an object, so is every field under it.
   */
  private boolean sectionsGood() {
    for (Section section : sections) {
      int first = section.first == null ? -1 : tape.member(0, section.first);
      for (int i : section.reads) {
        FieldPath path = reads[i].path();
        int m = section.first == null ? tape.field(0, path) : tape.fieldFrom(first, path.parts);
        if (!good(reads[i], m, 0)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Reads by the first part of their names ({@code first} null: the reads of undotted names).
   * Immutable.
   */
  private record Section(MemberName first, int[] reads) {}

  /**
   * The reads by the first part of their names; a name that is not ASCII, or whose first part is
   * not, goes with the undotted ones, read by {@link JsonTape#field} alone.
   */
  private static Section[] sections(Field[] reads) {
    java.util.Map<MemberName, List<Integer>> by = new java.util.LinkedHashMap<>();
    List<Integer> plain = new java.util.ArrayList<>();
    for (int i = 0; i < reads.length; i++) {
      FieldPath path = reads[i].path();
      if (path.whole == null || path.parts == null || path.parts[0] == null) {
        plain.add(i);
      } else {
        by.computeIfAbsent(path.parts[0], f -> new java.util.ArrayList<>()).add(i);
      }
    }
    List<Section> out = new java.util.ArrayList<>();
    if (!plain.isEmpty()) {
      out.add(new Section(null, plain.stream().mapToInt(Integer::intValue).toArray()));
    }
    by.forEach(
        (first, list) ->
            out.add(new Section(first, list.stream().mapToInt(Integer::intValue).toArray())));
    return out.toArray(Section[]::new);
  }

  /**
   * The probe's indexes for a set of types, remembered by identity for the current probe: a shape
   * gives the same few sets over and over, and hashing a set per line shows in a profile. Null when
   * such records are read whole.
   */
  private FieldProbes probesFor(Set<String> types) {
    RawProbe current = probe.get();
    if (current != knownProbe) {
      knownProbe = current;
      known = 0;
      distinct.clear();
      memo.clear(slotKeys.length); // its misses were under other indexes
    }
    for (int i = 0; i < known; i++) {
      if (knownTypes[i] == types) {
        return knownProbes[i];
      }
    }
    FieldProbes found = narrowed(current, types);
    if (known < knownTypes.length) {
      knownTypes[known] = types;
      knownProbes[known] = found;
      known++;
    }
    return found;
  }

  private FieldProbes narrowed(RawProbe current, Set<String> types) {
    RawProbe.Indexes record = current.indexesFor(types);
    if (record == null) {
      return null;
    }
    RawProbe.Indexes[] byField = new RawProbe.Indexes[numbered.length];
    int[] keys = new int[numbered.length];
    for (Field f : numbered) {
      RawProbe.Indexes mine =
          f.feeds().isPresent() ? current.indexesFor(types, f.feeds().get()) : record;
      byField[f.number()] = mine;
      int key = 0;
      while (key < distinct.size() && !distinct.get(key).sameIndexes(mine)) {
        key++;
      }
      if (key == distinct.size()) {
        distinct.add(mine);
      }
      keys[f.number()] = key;
    }
    return new FieldProbes(record, byField, keys);
  }

  private RawProbe knownProbe;
  private int known;

  /** The distinct lists of indexes fields were given under the current probe, by memo key. */
  private final List<RawProbe.Indexes> distinct = new java.util.ArrayList<>();

  @SuppressWarnings("unchecked")
  private final Set<String>[] knownTypes = new Set[16];

  private final FieldProbes[] knownProbes = new FieldProbes[16];

  /**
   * Whether field node {@code m} (-1: absent or null) is sure to be read as {@code r} needs; {@code
   * ordinal}: the place of its record in an array of records (0 at the root).
   */
  private boolean good(Field f, int m, int ordinal) {
    Read r = f.read();
    if (m < 0) {
      return !r.required();
    }
    byte kind = tape.kind(m);
    return switch (r.kind()) {
      case TEXT ->
          kind == JsonTape.STRING
              && !(r.nonEmpty() && tape.stop(m) - tape.start(m) == 2)
              && probeText(f, m, ordinal);
      case TEXTS -> kind == JsonTape.ARRAY && probeTexts(f, m);
      case COUNT -> kind == JsonTape.NUMBER && tape.integer(m) && digits(m) <= 18;
      case TIME ->
          (kind == JsonTape.NUMBER && epochSeconds(m))
              || (kind == JsonTape.STRING && isoTime(m, true));
      case ISO_TIME -> kind == JsonTape.STRING && isoTime(m, true);
      case EPOCH_SECONDS -> kind == JsonTape.NUMBER && epochSeconds(m);
      case EPOCH_MILLIS ->
          kind == JsonTape.NUMBER
              && tape.integer(m)
              && tape.bytes()[tape.start(m)] != '-'
              && tape.length(m) <= 14;
      case UTC_TEXT -> kind == JsonTape.STRING && isoTime(m, false);
      case VALUE -> kind == JsonTape.STRING ? probeText(f, m, ordinal) : probes.record().isEmpty();
      case RECORDS -> kind == JsonTape.ARRAY && records(f, m);
    };
  }

  private boolean records(Field f, int array) {
    int ordinal = 0;
    for (int e = tape.firstChild(array); e >= 0; e = tape.nextSibling(e), ordinal++) {
      if (tape.kind(e) != JsonTape.OBJECT) {
        return false;
      }
      if (walking) {
        walk.record(tape, f.number(), e);
      }
      for (Field inner : f.inner()) {
        int m = walking ? walk.node(inner.number()) : tape.field(e, inner.path());
        if (!good(inner, m, ordinal)) {
          return false;
        }
      }
    }
    return true;
  }

  private int digits(int m) {
    return tape.length(m) - (tape.bytes()[tape.start(m)] == '-' ? 1 : 0);
  }

  /**
   * Epoch seconds the reader turns into a STIX timestamp without fail: not negative, no exponent,
   * at most 11 whole digits (before the year 5138; {@code StixTimestamp} has four-digit years).
   */
  private boolean epochSeconds(int m) {
    int whole = tape.wholeDigits(m);
    return tape.bytes()[tape.start(m)] != '-' && whole >= 1 && whole <= 11;
  }

  /**
   * Probes string node {@code m} of field {@code f} against the indexes of the types the field
   * feeds, unless its raw bytes are those that missed last at that place under the same indexes
   * ({@link MissMemo}: a sensor's lines repeat their values); answers true, as a hit still needs
   * the rest of the record checked.
   */
  private boolean probeText(Field f, int m, int ordinal) {
    RawProbe.Indexes indexes = probes.byField()[f.number()];
    if (hit || indexes.isEmpty()) {
      return true;
    }
    int slot = f.number() * SLOTS + Math.min(ordinal, SLOTS - 1);
    int key = probes.memoKeys()[f.number()];
    byte[] b = tape.bytes();
    int s = tape.start(m);
    int e = tape.stop(m);
    if (slotKeys[slot] == key && memo.missed(slot, b, s, e)) {
      return true;
    }
    CharSequence text = tape.textView(m, view) ? view : tape.text(m);
    if (RawProbe.hits(indexes, text, scratch)
        || (f.read().hex() && hexView(text) && RawProbe.hits(indexes, view, scratch))) {
      hit = true;
    } else {
      memo.remember(slot, b, s, e);
      slotKeys[slot] = key;
    }
    return true;
  }

  private boolean probeTexts(Field f, int array) {
    int ordinal = 0;
    for (int e = tape.firstChild(array); e >= 0; e = tape.nextSibling(e), ordinal++) {
      if (tape.kind(e) != JsonTape.STRING) {
        return false;
      }
      probeText(f, e, ordinal);
    }
    return true;
  }

  /**
   * Points {@link #view} at {@code text} without colons and lower-cased, as EVE's reader writes a
   * fingerprint; false when the text is not ASCII.
   */
  private boolean hexView(CharSequence text) {
    if (hexBuffer.length < text.length()) {
      hexBuffer = new byte[text.length()];
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        return false;
      }
      if (c != ':') {
        hexBuffer[n++] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
    }
    view.set(hexBuffer, 0, n);
    return true;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.f]} and, with {@code zone}, then {@code Z}, {@code ±HHMM} or {@code
   * ±HH:MM} (else an optional {@code Z}): a real date and time of a year from 1000 to 9998, so that
   * the reader's parse and STIX timestamp cannot fail whatever the offset; no escapes.
   */
  private boolean isoTime(int m, boolean zone) {
    byte[] b = tape.bytes();
    int s = tape.start(m) + 1;
    int e = tape.stop(m) - 1;
    if (e - s < 19
        || !(goodMinute(b, s)
            && b[s + 16] == ':'
            && digits(b, s + 17, 2)
            && number(b, s + 17, 2) <= 59)) {
      return false;
    }
    int i = s + 19;
    if (i < e && b[i] == '.') {
      int f = ++i;
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i - f < 1 || i - f > 9) {
        return false;
      }
    }
    int rest = e - i;
    if (rest == 1 && b[i] == 'Z') {
      return true;
    } else if (!zone) {
      return rest == 0;
    } else if (rest == 5 && (b[i] == '+' || b[i] == '-') && digits(b, i + 1, 4)) {
      return number(b, i + 1, 2) <= 17 && number(b, i + 3, 2) <= 59;
    } else if (rest == 6
        && (b[i] == '+' || b[i] == '-')
        && digits(b, i + 1, 2)
        && b[i + 3] == ':'
        && digits(b, i + 4, 2)) {
      return number(b, i + 1, 2) <= 17 && number(b, i + 4, 2) <= 59;
    }
    return false;
  }

  /**
   * Whether the 16 bytes at {@code s} are {@code YYYY-MM-DDTHH:MM}, a real date of a year from 1000
   * to 9998 and a time of day: the bytes of the last such minute compare as two longs (most times
   * of a log share their minute with the one before), any other is checked and becomes the last.
   */
  private boolean goodMinute(byte[] b, int s) {
    long head = (long) LONGS.get(b, s);
    long tail = (long) LONGS.get(b, s + 8);
    if (minuteKnown && head == knownHead && tail == knownTail) {
      return true;
    }
    if (!(digits(b, s, 4)
        && b[s + 4] == '-'
        && digits(b, s + 5, 2)
        && b[s + 7] == '-'
        && digits(b, s + 8, 2)
        && b[s + 10] == 'T'
        && digits(b, s + 11, 2)
        && b[s + 13] == ':'
        && digits(b, s + 14, 2))) {
      return false;
    }
    int year = number(b, s, 4);
    if (year < 1000 || year > 9998 || number(b, s + 11, 2) > 23 || number(b, s + 14, 2) > 59) {
      return false;
    }
    try {
      LocalDate.of(year, number(b, s + 5, 2), number(b, s + 8, 2));
    } catch (DateTimeException ex) {
      return false;
    }
    knownHead = head;
    knownTail = tail;
    minuteKnown = true;
    return true;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** The first and last 8 bytes of the last minute {@link #goodMinute} found good. */
  private long knownHead;

  private long knownTail;

  private boolean minuteKnown;

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
}
